import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * The three signing schemes of platform-facts §7. DingTalk and Feishu both
 * build `timestamp + "\n" + secret`, but use it the opposite way round:
 * DingTalk signs it with the secret as key, Feishu uses it as the key over
 * an empty message. Mixing them up gives 310000 / 19021 for every send.
 */
export const dingtalkSignature = (
  secret: string,
  timestampMs: number,
): string =>
  createHmac('sha256', secret)
    .update(`${timestampMs}\n${secret}`, 'utf8')
    .digest('base64');

/**
 * Adds `timestamp` (ms) and `sign` to a robot URL, replacing any that a
 * user pasted along with it. The rest of the URL is kept byte for byte,
 * so the access token is never re-encoded; the signature is
 * percent-encoded exactly once (`+` becomes `%2B`).
 */
export const signDingtalkUrl = (
  url: string,
  secret: string,
  nowMs: number,
): string => {
  const cut = url.indexOf('?');
  const base = cut < 0 ? url : url.slice(0, cut);
  const query = cut < 0 ? '' : url.slice(cut + 1);
  const kept = query
    .split('&')
    .filter((pair) => pair !== '' && !/^(timestamp|sign)=/.test(pair));
  const sign = encodeURIComponent(dingtalkSignature(secret, nowMs));
  kept.push(`timestamp=${nowMs}`, `sign=${sign}`);
  return `${base}?${kept.join('&')}`;
};

export const feishuSignature = (
  secret: string,
  timestampSeconds: string,
): string =>
  createHmac('sha256', `${timestampSeconds}\n${secret}`)
    .update('')
    .digest('base64');

/** Feishu wants whole seconds, as a string, inside the JSON body. */
export const feishuSignFields = (
  secret: string,
  nowMs: number,
): { readonly timestamp: string; readonly sign: string } => {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { timestamp, sign: feishuSignature(secret, timestamp) };
};

/**
 * Standard Webhooks keys are `whsec_` + base64 by convention; any other
 * string is taken as raw UTF-8 bytes, so a plain shared secret works too.
 */
export const standardWebhook = (secret: string): Webhook =>
  secret.startsWith('whsec_')
    ? new Webhook(secret)
    : new Webhook(Buffer.from(secret, 'utf8'), { format: 'raw' });

export interface StandardWebhookHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

/** The id stays the same across retries of one message, so a receiver
 * can drop duplicates; the timestamp and signature are fresh per try. */
export const standardWebhookHeaders = (
  secret: string,
  messageId: string,
  nowMs: number,
  body: string,
): StandardWebhookHeaders => {
  const seconds = Math.floor(nowMs / 1000);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(seconds),
    'webhook-signature': standardWebhook(secret).sign(
      messageId,
      new Date(seconds * 1000),
      body,
    ),
  };
};
