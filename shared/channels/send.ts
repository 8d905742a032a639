import { createHash } from 'node:crypto';
import type { Clock, Random } from '../clock.ts';
import { sleep } from '../clock.ts';
import type { Logger } from '../logging.ts';
import { registerChannelSecrets } from './credentials.ts';
import { PACKERS } from './formats/index.ts';
import { postMessage } from './post.ts';
import { withRetries } from './retry.ts';
import { meetsMinSeverity } from './severity.ts';
import type {
  AlertNotice,
  ChannelConfig,
  ChannelType,
  DeliveryOutcome,
  DeliveryReport,
} from './types.ts';

export interface SendDeps {
  readonly clock: Clock;
  readonly random: Random;
  /** Epoch ms on `clock`; nothing is sent or retried past it. */
  readonly deadline: number;
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
}

/** Pause between two messages of one run: Slack takes about one a
 * second, Feishu five a second; the others allow short bursts. */
const MESSAGE_SPACING_MS: Readonly<Record<ChannelType, number>> = {
  dingtalk: 0,
  feishu: 250,
  wecom: 0,
  slack: 1_100,
  generic: 0,
};

/**
 * A message of notices that all carry an id is named by them, so the
 * same message sent again next run (its answer was lost) has the same
 * `webhook-id` and a receiver can drop it; anything else gets a new id.
 */
const messageId = (
  channel: ChannelConfig,
  notices: readonly AlertNotice[],
  deps: Pick<SendDeps, 'clock' | 'random'>,
): string => {
  const ids = notices.map((notice) => notice.noticeId);
  if (ids.length > 0 && ids.every((id) => id !== undefined)) {
    const digest = createHash('sha256')
      .update([channel.name, ...ids].join('\n'))
      .digest('base64url');
    return `msg_${digest.slice(0, 24)}`;
  }
  const noise = Math.floor(deps.random.next() * 2 ** 48).toString(36);
  return `msg_${deps.clock.now().toString(36)}${noise}`;
};

/**
 * Sends one run's notices to one channel: the channel's own message
 * format, as few messages as its limits allow, each retried on its own.
 * Only notices in messages the channel confirmed count as delivered; the
 * rest go out again next run.
 */
export const sendNotices = async (
  channel: ChannelConfig,
  notices: readonly AlertNotice[],
  deps: SendDeps,
): Promise<DeliveryReport> => {
  registerChannelSecrets(channel);
  const started = deps.clock.now();
  const log = deps.logger.child({
    channel: channel.name,
    channelType: channel.type,
  });
  const wanted = notices.filter((notice) =>
    meetsMinSeverity(notice.severity, channel.minSeverity),
  );
  if (wanted.length === 0) {
    log.info({ event: 'channel.skipped', notices: notices.length });
    return {
      channel: channel.name,
      outcome: 'skipped',
      deliveredAlertIds: [],
      attempts: 0,
    };
  }

  const packing = PACKERS[channel.type](wanted, {
    keyword: channel.keyword,
    sentAt: new Date(started).toISOString(),
  });
  const delivered: string[] = [];
  let attempts = 0;
  let error: string | undefined;
  let misconfigured = false;
  for (const [index, message] of packing.messages.entries()) {
    const spacing = index === 0 ? 0 : MESSAGE_SPACING_MS[channel.type];
    if (deps.clock.now() + spacing >= deps.deadline) {
      error ??= 'deadline';
      break;
    }
    if (spacing > 0) await sleep(spacing);
    const inMessage = new Set(message.alertIds);
    const id = messageId(
      channel,
      wanted.filter((notice) => inMessage.has(notice.alertId)),
      deps,
    );
    const result = await withRetries(
      (signal) => postMessage(channel, message.body, id, signal, deps),
      {
        ...deps,
        onRetry: (verdict, attempt, delayMs) =>
          log.warn({
            event: 'channel.retry',
            code: verdict.code,
            attempt,
            delayMs,
          }),
      },
    );
    attempts += result.attempts;
    const page = { page: index + 1, pages: packing.messages.length };
    if (result.verdict.kind === 'delivered') {
      delivered.push(...message.alertIds);
      log.info({
        event: 'channel.message.delivered',
        ...page,
        alerts: message.alertIds.length,
        attempts: result.attempts,
      });
      continue;
    }
    error ??= result.verdict.code;
    log.warn({
      event: 'channel.message.failed',
      ...page,
      outcome: result.verdict.kind,
      code: result.verdict.code,
      attempts: result.attempts,
    });
    // A refused signature or keyword refuses every message alike; a spent
    // deadline leaves no time for the rest.
    if (result.verdict.kind === 'misconfigured') {
      misconfigured = true;
      break;
    }
    if (deps.clock.now() >= deps.deadline) break;
  }
  if (packing.deferred.length > 0) {
    error ??= 'message_budget';
    log.warn({ event: 'channel.deferred', alerts: packing.deferred.length });
  }

  const outcome: DeliveryOutcome =
    delivered.length === wanted.length
      ? 'delivered'
      : delivered.length > 0
        ? 'partial'
        : misconfigured
          ? 'misconfigured'
          : 'failed';
  const report: DeliveryReport = {
    channel: channel.name,
    outcome,
    deliveredAlertIds: delivered,
    attempts,
    ...(outcome === 'delivered' || error === undefined ? {} : { error }),
  };
  log.info({
    event: 'channel.report',
    outcome,
    notices: wanted.length,
    delivered: delivered.length,
    attempts,
    ...(report.error === undefined ? {} : { code: report.error }),
    durationMs: deps.clock.now() - started,
  });
  return report;
};
