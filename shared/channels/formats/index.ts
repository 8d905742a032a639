import type { Packing } from '../pack.ts';
import { packNotices } from '../pack.ts';
import type { AlertNotice, ChannelType } from '../types.ts';
import { dingtalkFormat } from './dingtalk.ts';
import { feishuFormat } from './feishu.ts';
import { genericFormat } from './generic.ts';
import { slackFormat } from './slack.ts';
import { wecomFormat } from './wecom.ts';

export interface PackOptions {
  readonly keyword: string | undefined;
  readonly sentAt: string;
}

type Packer = (
  notices: readonly AlertNotice[],
  options: PackOptions,
) => Packing;

/** Each channel's notices packed into that channel's own messages. */
export const PACKERS: Readonly<Record<ChannelType, Packer>> = {
  dingtalk: (notices, options) => packNotices(dingtalkFormat, notices, options),
  feishu: (notices, options) => packNotices(feishuFormat, notices, options),
  wecom: (notices, options) => packNotices(wecomFormat, notices, options),
  slack: (notices, options) => packNotices(slackFormat, notices, options),
  // A generic receiver has no keyword filter.
  generic: (notices, options) =>
    packNotices(genericFormat, notices, { ...options, keyword: undefined }),
};
