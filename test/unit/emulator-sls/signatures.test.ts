import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { DEMO_ACCESS_KEY } from '../../../emulator/demo.ts';
import {
  parseV1Authorization,
  v1Signature,
  v1StringToSign,
} from '../../../emulator/sls/signature-v1.ts';
import {
  parseV4Authorization,
  v4Signatures,
} from '../../../emulator/sls/signature-v4.ts';
import { sdkRequest } from './sdk-request.ts';

const SECRET = DEMO_ACCESS_KEY.accessKeySecret;

describe('signature v1', () => {
  test('the signature the SDK sends is the one the emulator computes', async () => {
    const request = await sdkRequest({
      method: 'GET',
      pathname: '/logstores',
      project: 'demo-proj',
      query: { offset: '0', size: '500', logstoreName: 'app' },
    });
    const sent = parseV1Authorization(request.headers.authorization ?? '');

    const computed = v1Signature(request, SECRET, 'hmac-sha256');

    expect(sent?.accessKeyId).toBe(DEMO_ACCESS_KEY.accessKeyId);
    expect(computed).toBe(sent?.signature);
  });

  test('a body and a security token are covered as the SDK covers them', async () => {
    const request = await sdkRequest({
      method: 'POST',
      pathname: '/logstores',
      project: 'demo-proj',
      body: { logstoreName: 'app-audit', ttl: 30, shardCount: 2 },
      securityToken: 'CAIS-token-for-test',
    });
    const sent = parseV1Authorization(request.headers.authorization ?? '');

    expect(v1Signature(request, SECRET, 'hmac-sha256')).toBe(sent?.signature);
  });

  test('hmac-sha1 signs the string the public documents lay out', () => {
    const request = {
      method: 'GET',
      path: '/logstores/app',
      query: { type: 'log', from: '1', to: '2' },
      headers: {
        date: 'Mon, 09 Nov 2026 06:11:16 GMT',
        'content-md5': '',
        'x-log-apiversion': '0.6.0',
        'x-log-signaturemethod': 'hmac-sha1',
        'x-log-bodyrawsize': '0',
        host: 'p.cn-hangzhou.log.aliyuncs.com',
      },
    };
    const expectedText =
      'GET\n\n\nMon, 09 Nov 2026 06:11:16 GMT\n' +
      'x-log-apiversion:0.6.0\nx-log-bodyrawsize:0\n' +
      'x-log-signaturemethod:hmac-sha1\n' +
      '/logstores/app?from=1&to=2&type=log';

    expect(v1StringToSign(request)).toBe(expectedText);
    expect(v1Signature(request, 'secret', 'hmac-sha1')).toBe(
      createHmac('sha1', 'secret').update(expectedText).digest('base64'),
    );
  });

  test('an Authorization that is not LOG id:signature is not parsed', () => {
    expect(parseV1Authorization('LOG nocolon')).toBeUndefined();
    expect(parseV1Authorization('Bearer abc')).toBeUndefined();
  });
});

describe('signature v4', () => {
  test('the SDK signature matches, also for a query with several *', async () => {
    const request = await sdkRequest({
      method: 'GET',
      pathname: '/logstores/app?type=log',
      project: 'demo-proj',
      query: { from: '1', to: '2', query: '* | select count(*) as n' },
      signatureVersion: 'v4',
    });
    const sent = parseV4Authorization(request.headers.authorization ?? '');
    if (sent === undefined) throw new Error('no v4 Authorization sent');

    const candidates = v4Signatures(request, SECRET, sent);

    expect(sent.region).toBe('cn-hangzhou');
    expect(candidates).toContain(sent.signature);
  });

  test('a signed header changed after signing breaks the signature', async () => {
    const request = await sdkRequest({
      method: 'POST',
      pathname: '/logstores',
      project: 'demo-proj',
      body: { logstoreName: 'app', ttl: 30, shardCount: 2 },
      signatureVersion: 'v4',
    });
    const sent = parseV4Authorization(request.headers.authorization ?? '');
    if (sent === undefined) throw new Error('no v4 Authorization sent');
    const tampered = {
      ...request,
      headers: {
        ...request.headers,
        host: 'other.cn-hangzhou.log.localhost:1',
      },
    };

    expect(v4Signatures(request, SECRET, sent)).toContain(sent.signature);
    expect(v4Signatures(tampered, SECRET, sent)).not.toContain(sent.signature);
  });
});
