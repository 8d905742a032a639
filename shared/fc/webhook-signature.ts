import { timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * Standard Webhooks verification: `webhook-id`, `webhook-timestamp` within
 * five minutes of our clock, and `webhook-signature` holding one or more
 * `v1,<base64 HMAC-SHA256 of id.timestamp.body>`. Several secrets are
 * accepted so they can be rotated. The library computes the HMAC; the time
 * window and the comparison are ours, because the library reads
 * Date.now() and tests inject the clock. What a message id may do twice
 * is webhook-deliveries.ts's concern.
 */
export const SIGNATURE_TOLERANCE_MS = 5 * 60_000;

export type SignatureVerdict =
  | { readonly ok: true; readonly id: string }
  | {
      readonly ok: false;
      readonly reason: 'missing' | 'stale' | 'mismatch';
    };

const equalText = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  // Lengths are not secret (every v1 signature has the same length).
  return left.length === right.length && timingSafeEqual(left, right);
};

export const verifyWebhookSignature = (input: {
  readonly secrets: readonly string[];
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly nowMs: number;
}): SignatureVerdict => {
  const id = input.headers['webhook-id'];
  const timestamp = input.headers['webhook-timestamp'];
  const signatures = input.headers['webhook-signature'];
  if (!id || !timestamp || !signatures) return { ok: false, reason: 'missing' };
  if (!/^[0-9]{1,12}$/.test(timestamp)) return { ok: false, reason: 'stale' };
  const sentMs = Number(timestamp) * 1000;
  if (Math.abs(input.nowMs - sentMs) > SIGNATURE_TOLERANCE_MS) {
    return { ok: false, reason: 'stale' };
  }
  const offered = signatures.split(' ').filter((s) => s.startsWith('v1,'));
  const matches = input.secrets.some((secret) => {
    const expected = new Webhook(secret).sign(id, new Date(sentMs), input.body);
    return offered.some((candidate) => equalText(candidate, expected));
  });
  if (!matches) return { ok: false, reason: 'mismatch' };
  return { ok: true, id };
};
