/**
 * The variables s.yaml passes to key-health for channel URLs and
 * secrets. Serverless Devs resolves only the names written in s.yaml, so
 * a name that KEYGUARD_CHANNELS picks at deploy time never reaches the
 * function: s.yaml passes this fixed set, one URL (and one secret where
 * the channel signs) per channel type, named as the README's example
 * names them, each empty unless the deploying shell sets it.
 */
export const CHANNEL_VARIABLES = {
  DINGTALK_URL: 'DingTalk robot webhook URL',
  DINGTALK_SECRET: "DingTalk robot's signing secret",
  FEISHU_URL: 'Feishu/Lark bot webhook URL',
  FEISHU_SECRET: "Feishu/Lark bot's signing secret",
  WECOM_URL: 'WeCom group robot webhook URL (its key is the secret)',
  SLACK_URL: 'Slack incoming webhook URL (the URL is the secret)',
  GENERIC_URL: 'generic JSON receiver URL',
  GENERIC_SECRET: 'Standard Webhooks secret (whsec_...) for the receiver',
} as const;

export type ChannelVariable = keyof typeof CHANNEL_VARIABLES;

/** The variables the entries of a KEYGUARD_CHANNELS value name. */
export const channelVariables = (channels: string | undefined): string[] => {
  if (channels === undefined || channels.trim() === '') return [];
  try {
    const entries = JSON.parse(channels) as unknown;
    if (!Array.isArray(entries)) return [];
    return entries.flatMap((entry: unknown) => {
      const record = (entry ?? {}) as Record<string, unknown>;
      return [record.urlEnv, record.secretEnv].filter(
        (name): name is string => typeof name === 'string',
      );
    });
  } catch {
    return [];
  }
};
