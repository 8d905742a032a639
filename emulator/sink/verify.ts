import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The receiving side of each signing scheme, written from the vendors'
 * descriptions rather than shared with the product's signer, so a bug in
 * one is caught by the other. Windows follow the emulator's clock.
 */
export type Check =
  | { readonly ok: true }
  | { readonly ok: false; readonly why: 'timestamp' | 'signature' };

const HOUR_MS = 3_600_000;
/** Standard Webhooks' recommended tolerance. */
const STANDARD_WEBHOOKS_TOLERANCE_S = 300;

const same = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/** `timestamp` in ms and `sign` arrive in the query, already decoded once. */
export const checkDingtalk = (
  secret: string,
  timestamp: string | undefined,
  sign: string | undefined,
  nowMs: number,
): Check => {
  if (timestamp === undefined || !/^\d{13}$/.test(timestamp)) {
    return { ok: false, why: 'timestamp' };
  }
  if (Math.abs(nowMs - Number(timestamp)) > HOUR_MS) {
    return { ok: false, why: 'timestamp' };
  }
  const expected = createHmac('sha256', secret)
    .update(`${timestamp}\n${secret}`)
    .digest('base64');
  return sign !== undefined && same(sign, expected)
    ? { ok: true }
    : { ok: false, why: 'signature' };
};

/** `timestamp` in seconds and `sign` arrive in the JSON body. */
export const checkFeishu = (
  secret: string,
  timestamp: unknown,
  sign: unknown,
  nowMs: number,
): Check => {
  const seconds = String(timestamp);
  if (!/^\d{10}$/.test(seconds)) return { ok: false, why: 'timestamp' };
  if (Math.abs(nowMs - Number(seconds) * 1000) > HOUR_MS) {
    return { ok: false, why: 'timestamp' };
  }
  const expected = createHmac('sha256', `${seconds}\n${secret}`)
    .update(Buffer.alloc(0))
    .digest('base64');
  return typeof sign === 'string' && same(sign, expected)
    ? { ok: true }
    : { ok: false, why: 'signature' };
};

const standardKey = (secret: string): Buffer =>
  secret.startsWith('whsec_')
    ? Buffer.from(secret.slice('whsec_'.length), 'base64')
    : Buffer.from(secret, 'utf8');

/** `webhook-signature` may list several space-separated `v1,<sig>`. */
export const checkStandardWebhook = (
  secret: string,
  headers: Readonly<Record<string, string>>,
  body: Buffer,
  nowMs: number,
): Check => {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (timestamp === undefined || !/^\d+$/.test(timestamp)) {
    return { ok: false, why: 'timestamp' };
  }
  const skew = Math.abs(nowMs / 1000 - Number(timestamp));
  if (skew > STANDARD_WEBHOOKS_TOLERANCE_S) {
    return { ok: false, why: 'timestamp' };
  }
  if (id === undefined || signatures === undefined) {
    return { ok: false, why: 'signature' };
  }
  const expected = createHmac('sha256', standardKey(secret))
    .update(`${id}.${timestamp}.`)
    .update(body)
    .digest('base64');
  const match = signatures
    .split(' ')
    .some((entry) => entry.startsWith('v1,') && same(entry.slice(3), expected));
  return match ? { ok: true } : { ok: false, why: 'signature' };
};
