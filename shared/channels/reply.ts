import type { ChannelType } from './types.ts';

/**
 * What a channel's answer means. Chat robots answer HTTP 200 even when
 * they refuse a message (platform-facts §7, case K8), so the body decides;
 * Slack and generic receivers are judged by status alone.
 */
export type ReplyVerdict =
  | { readonly kind: 'delivered' }
  | {
      readonly kind: 'retry';
      readonly code: string;
      readonly retryAfterMs?: number;
    }
  | { readonly kind: 'misconfigured'; readonly code: string }
  | { readonly kind: 'failed'; readonly code: string };

export interface ChannelReply {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly text: string;
}

/**
 * Codes by channel. DingTalk: 130101 sent too fast, -1 busy; 310000 sign,
 * timestamp or keyword refused, 300001/300005 unknown token. Feishu: 9499
 * and 11232 rate limits; 19021 sign or timestamp, 19024 keyword, 19001
 * bad token, 19022 IP not allowed. WeCom: 45009 rate limit, -1 busy;
 * 93000 bad key.
 */
const BODY_CODES = {
  dingtalk: {
    field: 'errcode',
    retry: [130101, -1],
    misconfigured: [310000, 300001, 300005],
  },
  feishu: {
    field: 'code',
    retry: [9499, 11232],
    misconfigured: [19021, 19024, 19001, 19022],
  },
  wecom: { field: 'errcode', retry: [45009, -1], misconfigured: [93000] },
} as const;

type BodyChannel = keyof typeof BODY_CODES;

const isBodyChannel = (type: ChannelType): type is BodyChannel =>
  Object.hasOwn(BODY_CODES, type);

/** Seconds or an HTTP date; negative or unreadable values are ignored. */
export const parseRetryAfter = (
  value: string | null,
  nowMs: number,
): number | undefined => {
  if (value === null || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
};

const byStatus = (
  type: ChannelType,
  reply: ChannelReply,
  nowMs: number,
): ReplyVerdict => {
  const { status } = reply;
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  const word = /^[a-z_]{1,40}$/.test(reply.text.trim())
    ? `_${reply.text.trim()}`
    : '';
  const code = `http_${status}${word}`;
  if (status === 429 || status === 408 || status >= 500) {
    const retryAfterMs = parseRetryAfter(reply.retryAfter, nowMs);
    return retryAfterMs === undefined
      ? { kind: 'retry', code }
      : { kind: 'retry', code, retryAfterMs };
  }
  // A Slack webhook that was revoked or a URL that points nowhere
  // (no_service, invalid_token, channel_is_archived) will not heal by
  // itself; neither will a receiver that refuses our signature.
  const gone = type === 'slack' ? [401, 403, 404, 410] : [401, 403];
  if (gone.includes(status)) return { kind: 'misconfigured', code };
  return { kind: 'failed', code };
};

const parseJson = (text: string): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
};

export const judgeReply = (
  type: ChannelType,
  reply: ChannelReply,
  nowMs: number,
): ReplyVerdict => {
  if (!isBodyChannel(type)) return byStatus(type, reply, nowMs);
  const codes = BODY_CODES[type];
  const body = parseJson(reply.text);
  // Older Feishu bots answer with StatusCode instead of code.
  const raw = body?.[codes.field] ?? body?.StatusCode;
  if (typeof raw !== 'number') {
    const verdict = byStatus(type, reply, nowMs);
    return verdict.kind === 'delivered'
      ? { kind: 'failed', code: 'reply_unreadable' }
      : verdict;
  }
  const code = `${codes.field}_${raw}`;
  const ok = reply.status >= 200 && reply.status < 300;
  if (raw === 0)
    return ok ? { kind: 'delivered' } : byStatus(type, reply, nowMs);
  if ((codes.misconfigured as readonly number[]).includes(raw)) {
    return { kind: 'misconfigured', code };
  }
  // Feishu also answers a malformed body with HTTP 400 and 9499: sending
  // the same body again cannot help.
  if (
    (codes.retry as readonly number[]).includes(raw) &&
    reply.status !== 400
  ) {
    const retryAfterMs = parseRetryAfter(reply.retryAfter, nowMs);
    return retryAfterMs === undefined
      ? { kind: 'retry', code }
      : { kind: 'retry', code, retryAfterMs };
  }
  if (reply.status >= 500) return { kind: 'retry', code };
  return { kind: 'failed', code };
};
