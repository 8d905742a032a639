import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT_ID } from '../../../emulator/demo.ts';
import { bodyOf, kmsFixture } from './kms-fixture.ts';
import { acs3Request, rpcRequest } from './signed-request.ts';

const KEY = 'key-unitauth0001';

const prepared = () => {
  const fixture = kmsFixture();
  fixture.kms.seedKey({
    accountId: DEMO_ACCOUNT_ID,
    region: 'cn-hangzhou',
    keyId: KEY,
  });
  return fixture;
};

const describeKey = { action: 'DescribeKey', params: { KeyId: KEY } };

describe.each([
  ['RPC HMAC-SHA1', rpcRequest],
  ['ACS3-HMAC-SHA256', acs3Request],
])('a %s request', (_scheme, signed) => {
  it('is answered for the account its access key belongs to', async () => {
    const { kms } = prepared();

    const response = await kms.handle(signed(describeKey));

    expect(response.status).toBe(200);
    expect(response.accountId).toBe(DEMO_ACCOUNT_ID);
    expect(bodyOf(response).KeyMetadata).toMatchObject({ KeyId: KEY });
  });

  it('signed with a wrong secret is SignatureDoesNotMatch', async () => {
    const { kms } = prepared();

    const response = await kms.handle(
      signed({ ...describeKey, accessKeySecret: 'not-the-secret' }),
    );

    expect(response.status).toBe(400);
    expect(bodyOf(response).Code).toBe('SignatureDoesNotMatch');
    expect(response.errorCode).toBe('SignatureDoesNotMatch');
    expect(String(response.body)).not.toContain('not-the-secret');
  });

  it('from an unknown key is InvalidAccessKeyId.NotFound', async () => {
    const { kms } = prepared();

    const response = await kms.handle(
      signed({ ...describeKey, accessKeyId: 'LTAI5tNobodyHasThisKey' }),
    );

    expect(response.status).toBe(404);
    expect(bodyOf(response).Code).toBe('InvalidAccessKeyId.NotFound');
  });

  it('sent again with its nonce is SignatureNonceUsed', async () => {
    const { kms } = prepared();
    const request = signed({ ...describeKey, nonce: 'nonce-replayed-1' });
    await kms.handle(request);

    const replay = await kms.handle(request);

    expect(replay.status).toBe(400);
    expect(bodyOf(replay).Code).toBe('SignatureNonceUsed');
  });

  it.each([
    ['16 minutes old', -16],
    ['16 minutes ahead', 16],
  ])(
    'stamped %s is refused as InvalidTimeStamp.Expired',
    async (_, minutes) => {
      const { kms } = prepared();
      const timestamp = new Date(Date.now() + minutes * 60_000);

      const response = await kms.handle(signed({ ...describeKey, timestamp }));

      expect(response.status).toBe(400);
      expect(bodyOf(response).Code).toBe('InvalidTimeStamp.Expired');
    },
  );

  it('stamped 14 minutes ago is still accepted', async () => {
    const { kms } = prepared();
    const timestamp = new Date(Date.now() - 14 * 60_000);

    const response = await kms.handle(signed({ ...describeKey, timestamp }));

    expect(response.status).toBe(200);
  });

  it('with STS credentials is answered until the token expires', async () => {
    const { kms, accounts, clock } = prepared();
    const sts = accounts.issueStsToken(DEMO_ACCOUNT_ID, 60_000);
    const withToken = () => signed({ ...describeKey, ...sts });

    const before = await kms.handle(withToken());
    clock.advance(61_000);
    const after = await kms.handle(withToken());

    expect(before.status).toBe(200);
    expect(after.status).toBe(400);
    expect(bodyOf(after).Code).toBe('InvalidSecurityToken.Expired');
    expect(String(after.body)).not.toContain(sts.securityToken);
  });

  it('with an STS key but a wrong token is refused', async () => {
    const { kms, accounts } = prepared();
    const sts = accounts.issueStsToken(DEMO_ACCOUNT_ID, 60_000);

    const response = await kms.handle(
      signed({ ...describeKey, ...sts, securityToken: 'CAISforged' }),
    );

    expect(response.status).toBe(400);
    expect(bodyOf(response).Code).toBe(
      'InvalidSecurityToken.MismatchWithAccessKey',
    );
  });
});

describe('request checks before signatures', () => {
  it('answers an unknown action with 404 InvalidApi.NotFound', async () => {
    const { kms } = prepared();

    const response = await kms.handle(rpcRequest({ action: 'DeleteKey' }));

    expect(response.status).toBe(404);
    expect(bodyOf(response).Code).toBe('InvalidApi.NotFound');
  });

  it('takes the operation name from Action or x-acs-action', () => {
    const { kms } = prepared();

    expect(kms.operationOf(rpcRequest(describeKey))).toBe('DescribeKey');
    expect(kms.operationOf(acs3Request(describeKey))).toBe('DescribeKey');
  });

  it('refuses a malformed RPC timestamp as a format error', async () => {
    const { kms } = prepared();
    const request = rpcRequest(describeKey);

    const response = await kms.handle({
      ...request,
      query: { ...request.query, Timestamp: 'yesterday' },
    });

    expect(bodyOf(response).Code).toBe('InvalidTimeStamp.Format');
  });

  it('refuses ACS3 with an x-acs header left unsigned', async () => {
    const { kms } = prepared();
    const request = acs3Request(describeKey);
    const authorization = (request.headers.authorization ?? '').replace(
      ';x-acs-signature-nonce',
      '',
    );

    const response = await kms.handle({
      ...request,
      headers: { ...request.headers, authorization },
    });

    expect(response.status).toBe(400);
    expect(bodyOf(response).Code).toBe('IncompleteSignature');
  });

  it('refuses ACS3 whose body changed after signing', async () => {
    const { kms } = prepared();
    const request = acs3Request({
      action: 'DescribeKey',
      form: { KeyId: KEY },
    });

    const response = await kms.handle({
      ...request,
      body: Buffer.from('KeyId=key-someoneelse'),
    });

    expect(bodyOf(response).Code).toBe('SignatureDoesNotMatch');
  });

  it('reads ACS3 parameters from a form body', async () => {
    const { kms } = prepared();

    const response = await kms.handle(
      acs3Request({ action: 'DescribeKey', form: { KeyId: KEY } }),
    );

    expect(response.status).toBe(200);
  });

  it('answers errors as {RequestId, HostId, Code, Message}', async () => {
    const { kms } = prepared();
    const request = rpcRequest({
      action: 'DescribeKey',
      params: { KeyId: 'key-missing' },
    });

    const response = await kms.handle(request);

    expect(Object.keys(bodyOf(response)).sort()).toEqual([
      'Code',
      'HostId',
      'Message',
      'RequestId',
    ]);
    expect(bodyOf(response).RequestId).toBe(request.requestId);
    expect(response.headers?.['content-type']).toContain('application/json');
  });
});
