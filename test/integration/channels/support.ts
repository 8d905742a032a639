import type { LocalCloud } from '../../../emulator/local-cloud.ts';
import type { SendDeps } from '../../../shared/channels/send.ts';
import type {
  AlertNotice,
  ChannelConfig,
  ChannelType,
} from '../../../shared/channels/types.ts';
import { seededRandom } from '../../../shared/clock.ts';
import { createLogger, memoryDestination } from '../../../shared/logging.ts';

/** Each channel's path on the local cloud's sink. */
export const sinkUrl = (
  cloud: LocalCloud,
  type: ChannelType,
  token: string,
): string => {
  switch (type) {
    case 'dingtalk':
      return `${cloud.url}/_sink/dingtalk/robot/send?access_token=${token}`;
    case 'feishu':
      return `${cloud.url}/_sink/feishu/open-apis/bot/v2/hook/${token}`;
    case 'wecom':
      return `${cloud.url}/_sink/wecom/cgi-bin/webhook/send?key=${token}`;
    case 'slack':
      return `${cloud.url}/_sink/slack/services/${token}`;
    case 'generic':
      return `${cloud.url}/_sink/generic/${token}`;
  }
};

export const channelOn = (
  cloud: LocalCloud,
  type: ChannelType,
  token: string,
  extra: Partial<ChannelConfig> = {},
): ChannelConfig => ({
  name: `${type}-${token}`.replaceAll('/', '-'),
  type,
  url: sinkUrl(cloud, type, token),
  minSeverity: 'warning',
  ...extra,
});

/** The product's deps on the local cloud's clock, with a fetch that
 * notes when each call started. */
export const depsOn = (cloud: LocalCloud, budgetMs = 15_000) => {
  const destination = memoryDestination();
  const startedAt: number[] = [];
  const deps: SendDeps = {
    clock: cloud.clock,
    random: seededRandom(11),
    deadline: cloud.clock.now() + budgetMs,
    logger: createLogger({ destination }),
    fetch: (input, init) => {
      startedAt.push(Date.now());
      return fetch(input, init);
    },
  };
  return { deps, startedAt, lines: destination.lines };
};

export const notice = (
  id: string,
  overrides: Partial<AlertNotice> = {},
): AlertNotice => ({
  alertId: id,
  status: 'firing',
  severity: 'critical',
  title: `CMK ${id} (cn-hangzhou) is Disabled`,
  keyId: id,
  region: 'cn-hangzhou',
  keyState: 'Disabled',
  summary: 'Reads and writes on the Logstores below fail now.',
  remedy: 'Enable the key (EnableKey).',
  logstores: ['demo-proj/app-audit'],
  dates: [],
  ...overrides,
});
