import { describe, expect, it } from 'vitest';
import { checkStandardWebhook } from '../../../emulator/sink/verify.ts';
import {
  dingtalkSignature,
  feishuSignFields,
  type StandardWebhookHeaders,
  signDingtalkUrl,
  standardWebhookHeaders,
} from '../../../shared/channels/signing.ts';

// Expected values were computed outside keyguard with
// `openssl dgst -sha256 -hmac ... -binary | base64`.
const DINGTALK_SECRET = `SECdemo${'0'.repeat(58)}`;
const ROBOT = 'https://oapi.dingtalk.com/robot/send?access_token=T';

describe('DingTalk signing (K6)', () => {
  it('signs "timestamp\\nsecret" and encodes the signature exactly once', () => {
    const url = signDingtalkUrl(ROBOT, DINGTALK_SECRET, 1_735_689_600_001);

    expect(url).toBe(
      `${ROBOT}&timestamp=1735689600001` +
        '&sign=2bOnQQDCYvnv40061pRyZrJ%2B9a6Pe93sWUDACzGRzMs%3D',
    );
    expect(url).not.toContain('%252B');
    expect(new URL(url).search).not.toMatch(/sign=[^&]*\+/);
  });

  it('gives a send one hour later its own timestamp and signature', () => {
    const later = signDingtalkUrl(ROBOT, DINGTALK_SECRET, 1_735_693_200_001);

    expect(later).toBe(
      `${ROBOT}&timestamp=1735693200001` +
        '&sign=vqdPyrlJXSBIjom%2Ft6udDuW2uKMJvmVGbtBAPgR9bK0%3D',
    );
  });

  it('replaces a timestamp and sign pasted along with the robot URL', () => {
    const pasted = `${ROBOT}&timestamp=1&sign=old`;

    const url = signDingtalkUrl(pasted, DINGTALK_SECRET, 1_735_689_600_001);

    expect(url.match(/timestamp=/g)).toHaveLength(1);
    expect(url.match(/sign=/g)).toHaveLength(1);
    expect(url).toContain('access_token=T&timestamp=1735689600001&sign=');
  });

  it('is the base64 HMAC keyed by the secret, not by the string signed', () => {
    expect(dingtalkSignature(DINGTALK_SECRET, 1_735_689_600_001)).toBe(
      '2bOnQQDCYvnv40061pRyZrJ+9a6Pe93sWUDACzGRzMs=',
    );
  });
});

describe('Feishu signing (K7)', () => {
  it('keys the HMAC with "timestamp\\nsecret" over an empty message', () => {
    const fields = feishuSignFields('demoFeishuSecret123', 1_735_689_600_000);

    expect(fields).toEqual({
      timestamp: '1735689600',
      sign: 'PLUlJYB/DKPmVp+s+tvGGUHqfBBr7kv4LrbZTV1a9RE=',
    });
  });

  it('sends whole seconds, dropping the milliseconds', () => {
    const fields = feishuSignFields('demoFeishuSecret123', 1_735_689_600_999);

    expect(fields.timestamp).toBe('1735689600');
  });
});

describe('Standard Webhooks signing (generic channel)', () => {
  // Checked by the sink's own verifier, written apart from the signer, at
  // a fixed time; signatures computed with `openssl dgst -sha256 -hmac`
  // over "id.timestamp.body".
  const AT_MS = 1_735_689_600_500;
  const check = (
    secret: string,
    headers: StandardWebhookHeaders,
    body: string,
    nowMs = AT_MS,
  ) => checkStandardWebhook(secret, { ...headers }, Buffer.from(body), nowMs);

  it('signs id, whole seconds and body with the whsec_ key bytes', () => {
    const secret = `whsec_${Buffer.from('generic-secret-0001').toString('base64')}`;
    const body = JSON.stringify({ version: '1', alerts: [] });

    const headers = standardWebhookHeaders(secret, 'msg_1', AT_MS, body);

    expect(headers).toEqual({
      'webhook-id': 'msg_1',
      'webhook-timestamp': '1735689600',
      'webhook-signature': 'v1,kgoqeBTsV4t7mbu2VQWBXyffXhxUdI4rEN0LNHCjXhE=',
    });
    expect(check(secret, headers, body)).toEqual({ ok: true });
    expect(check(secret, headers, `${body} `)).toEqual({
      ok: false,
      why: 'signature',
    });
  });

  it('treats a secret without the whsec_ prefix as raw bytes', () => {
    const body = '{}';

    const headers = standardWebhookHeaders(
      'plain-shared-secret',
      'msg_2',
      AT_MS,
      body,
    );

    expect(headers['webhook-signature']).toBe(
      'v1,29XYJ3YkaFP3+v7HGv4LcAKsKjioZakh22NqdiOUfCk=',
    );
    expect(check('plain-shared-secret', headers, body)).toEqual({ ok: true });
    expect(check('other-shared-secret', headers, body)).toEqual({
      ok: false,
      why: 'signature',
    });
  });

  it('stamps the time of the send, so a receiver can refuse a stale one', () => {
    const headers = standardWebhookHeaders('s', 'msg_3', AT_MS, '{}');

    expect(check('s', headers, '{}', AT_MS + 299_000)).toEqual({ ok: true });
    expect(check('s', headers, '{}', AT_MS + 301_000)).toEqual({
      ok: false,
      why: 'timestamp',
    });
  });
});
