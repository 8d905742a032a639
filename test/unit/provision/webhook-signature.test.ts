import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../../../shared/fc/webhook-signature.ts';

const secret = (text: string) =>
  `whsec_${Buffer.from(text.padEnd(32, '!')).toString('base64')}`;
const OLD = secret('the-old-secret');
const NEW = secret('the-new-secret');
const NOW = Date.parse('2026-01-01T00:00:00Z');
const body = Buffer.from('{"project":"demo-proj"}');

const signed = (key: string, id = 'msg_1', atMs = NOW) => ({
  'webhook-id': id,
  'webhook-timestamp': String(Math.floor(atMs / 1000)),
  'webhook-signature': new Webhook(key).sign(id, new Date(atMs), body),
});

const verify = (
  headers: Record<string, string>,
  options: { nowMs?: number } = {},
) =>
  verifyWebhookSignature({
    secrets: [OLD, NEW],
    headers,
    body,
    nowMs: options.nowMs ?? NOW,
  });

describe('verifyWebhookSignature', () => {
  it('accepts a signature made with any configured secret (rotation)', () => {
    expect(verify(signed(OLD))).toEqual({ ok: true, id: 'msg_1' });
    expect(verify(signed(NEW))).toEqual({ ok: true, id: 'msg_1' });
  });

  it('accepts one good signature among several offered', () => {
    const headers = signed(NEW);
    headers['webhook-signature'] = `v1,AAAA ${headers['webhook-signature']}`;

    expect(verify(headers).ok).toBe(true);
  });

  it('refuses a missing header', () => {
    const { 'webhook-signature': _, ...rest } = signed(NEW);

    expect(verify(rest)).toEqual({ ok: false, reason: 'missing' });
  });

  it('refuses a timestamp more than 5 minutes off, either way', () => {
    expect(verify(signed(NEW, 'a', NOW - 301_000))).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(verify(signed(NEW, 'b', NOW + 301_000))).toEqual({
      ok: false,
      reason: 'stale',
    });
    expect(verify(signed(NEW, 'c', NOW - 299_000)).ok).toBe(true);
  });

  it('refuses a signature by an unknown secret or over another body', () => {
    expect(verify(signed(secret('someone-else')))).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    const headers = signed(NEW);
    const other = verifyWebhookSignature({
      secrets: [NEW],
      headers,
      body: Buffer.from('{"project":"other"}'),
      nowMs: NOW,
    });
    expect(other).toEqual({ ok: false, reason: 'mismatch' });
  });
});
