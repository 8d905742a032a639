import type { Clock } from '../clock.ts';
import type { ReplyVerdict } from './reply.ts';
import { judgeReply } from './reply.ts';
import {
  feishuSignFields,
  signDingtalkUrl,
  standardWebhookHeaders,
} from './signing.ts';
import type { ChannelConfig } from './types.ts';

/**
 * One HTTP attempt at one message, signed afresh: DingTalk's and Feishu's
 * signatures are only good for an hour, and a retry after a long
 * Retry-After must not reuse an old one.
 */
export const postMessage = async (
  channel: ChannelConfig,
  body: Record<string, unknown>,
  messageId: string,
  signal: AbortSignal,
  deps: { readonly clock: Clock; readonly fetch?: typeof fetch },
): Promise<ReplyVerdict> => {
  const now = deps.clock.now();
  const { secret } = channel;
  let url = channel.url;
  let payload = body;
  if (secret !== undefined && channel.type === 'dingtalk') {
    url = signDingtalkUrl(url, secret, now);
  }
  if (secret !== undefined && channel.type === 'feishu') {
    payload = { ...body, ...feishuSignFields(secret, now) };
  }
  const text = JSON.stringify(payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
  };
  if (channel.type === 'generic') {
    headers['webhook-id'] = messageId;
    headers['webhook-timestamp'] = String(Math.floor(now / 1000));
    if (secret !== undefined) {
      Object.assign(
        headers,
        standardWebhookHeaders(secret, messageId, now, text),
      );
    }
  }

  try {
    const response = await (deps.fetch ?? fetch)(url, {
      method: 'POST',
      headers,
      body: text,
      signal,
    });
    const reply = {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      text: await response.text(),
    };
    return judgeReply(channel.type, reply, deps.clock.now());
  } catch (error) {
    // The error text may carry the URL; only a code leaves this function.
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return { kind: 'retry', code: timedOut ? 'timeout' : 'network' };
  }
};
