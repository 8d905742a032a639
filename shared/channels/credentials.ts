import { registerSecret } from '../secrets.ts';
import type { ChannelConfig } from './types.ts';

/**
 * A webhook URL is a credential (platform-facts §7): the robot token or
 * Slack path inside it is enough to post to the group. The whole URL, its
 * secret and the token part on its own are registered, so a log line that
 * holds any of them is scrubbed.
 */
export const registerChannelSecrets = (
  channel: Pick<ChannelConfig, 'type' | 'url' | 'secret'>,
): void => {
  registerSecret(channel.url);
  registerSecret(channel.secret);
  for (const part of tokenParts(channel.type, channel.url))
    registerSecret(part);
};

const tokenParts = (type: ChannelConfig['type'], url: string): string[] => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const query = (name: string): string[] => {
    const value = parsed.searchParams.get(name);
    return value === null ? [] : [value];
  };
  const after = (marker: string): string[] => {
    const at = parsed.pathname.indexOf(marker);
    if (at < 0) return [];
    const rest = parsed.pathname.slice(at + marker.length);
    return [rest, ...rest.split('/')].filter((part) => part !== '');
  };
  switch (type) {
    case 'dingtalk':
      return query('access_token');
    case 'wecom':
      return query('key');
    case 'feishu':
      return after('/hook/');
    case 'slack':
      return after('/services/');
    case 'generic':
      return [...parsed.searchParams.values()];
  }
};
