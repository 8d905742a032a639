import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT_ID } from '../../../emulator/demo.ts';
import { DAY_MS } from '../../../emulator/kms/time.ts';
import {
  bodyOf,
  kmsFixture,
  OTHER_ACCESS_KEY,
  OTHER_ACCOUNT_ID,
} from './kms-fixture.ts';
import { rpcRequest } from './signed-request.ts';

const HANGZHOU = 'cn-hangzhou';

describe('seeded keys', () => {
  it('keep the id, state and dates they were given', () => {
    const { kms } = kmsFixture();
    const deleteDate = new Date(Date.now() + 6 * DAY_MS).toISOString();

    const keyId = kms.seedKey({
      accountId: DEMO_ACCOUNT_ID,
      region: HANGZHOU,
      keyId: 'key-seeded0001',
      state: 'PendingDeletion',
      deleteDate,
      deletionProtection: false,
      description: 'for a test',
    });

    const [snapshot] = kms.snapshot();
    expect(keyId).toBe('key-seeded0001');
    expect(snapshot?.metadata).toMatchObject({
      KeyState: 'PendingDeletion',
      DeleteDate: deleteDate.replace(/\.\d{3}Z$/, 'Z'),
      Description: 'for a test',
    });
  });

  it('get a generated key id when none is given', () => {
    const { kms } = kmsFixture();

    const keyId = kms.seedKey({ accountId: DEMO_ACCOUNT_ID, region: HANGZHOU });

    expect(keyId).toMatch(/^key-[a-z0-9]{24}$/);
  });

  it('repeat exactly for the same random seed', () => {
    const ids = [1, 2].map(() =>
      kmsFixture(7).kms.seedKey({
        accountId: DEMO_ACCOUNT_ID,
        region: HANGZHOU,
      }),
    );

    expect(ids[0]).toBe(ids[1]);
  });

  it('may hold a state KMS has not told keyguard about', () => {
    const { kms } = kmsFixture();
    kms.seedKey({
      accountId: DEMO_ACCOUNT_ID,
      region: HANGZHOU,
      keyId: 'key-odd',
      state: 'Archived',
    });

    expect(kms.keyStateOf(DEMO_ACCOUNT_ID, HANGZHOU, 'key-odd')).toBe(
      'Archived',
    );
  });

  it('refuse a delete date without PendingDeletion', () => {
    const { kms } = kmsFixture();

    const seed = () =>
      kms.seedKey({
        accountId: DEMO_ACCOUNT_ID,
        region: HANGZHOU,
        deleteDate: '2030-01-01T00:00:00Z',
      });

    expect(seed).toThrow(/deleteDate/);
  });
});

describe('the effective key state', () => {
  it('follows the clock: gone after its delete date', () => {
    const { kms, clock } = kmsFixture();
    kms.seedKey({
      accountId: DEMO_ACCOUNT_ID,
      region: HANGZHOU,
      keyId: 'key-ending',
      state: 'PendingDeletion',
      deleteDate: new Date(clock.now() + DAY_MS).toISOString(),
    });

    const before = kms.keyStateOf(DEMO_ACCOUNT_ID, HANGZHOU, 'key-ending');
    clock.advance(DAY_MS + 1000);
    const after = kms.keyStateOf(DEMO_ACCOUNT_ID, HANGZHOU, 'key-ending');

    expect(before).toBe('PendingDeletion');
    expect(after).toBeUndefined();
    expect(kms.snapshot()).toEqual([]);
  });

  it('follows the clock: PendingImport once imported material expires', () => {
    const { kms, clock } = kmsFixture();
    kms.seedKey({
      accountId: DEMO_ACCOUNT_ID,
      region: HANGZHOU,
      keyId: 'key-byok',
      origin: 'EXTERNAL',
      state: 'Enabled',
      materialExpireTime: new Date(clock.now() + 5 * DAY_MS).toISOString(),
    });

    clock.advance(5 * DAY_MS + 1000);

    expect(kms.keyStateOf(DEMO_ACCOUNT_ID, HANGZHOU, 'key-byok')).toBe(
      'PendingImport',
    );
  });

  it('is undefined in another region or account', () => {
    const { kms } = kmsFixture();
    kms.seedKey({ accountId: DEMO_ACCOUNT_ID, region: HANGZHOU, keyId: 'k-1' });

    expect(
      kms.keyStateOf(DEMO_ACCOUNT_ID, 'cn-shanghai', 'k-1'),
    ).toBeUndefined();
    expect(kms.keyStateOf(OTHER_ACCOUNT_ID, HANGZHOU, 'k-1')).toBeUndefined();
  });
});

describe('the service', () => {
  it('shows a caller only its own account’s keys', async () => {
    const { kms } = kmsFixture();
    kms.seedKey({ accountId: DEMO_ACCOUNT_ID, region: HANGZHOU, keyId: 'k-1' });

    const response = await kms.handle(
      rpcRequest({
        action: 'DescribeKey',
        params: { KeyId: 'k-1' },
        ...OTHER_ACCESS_KEY,
      }),
    );

    expect(response.status).toBe(404);
    expect(bodyOf(response).Code).toBe('Forbidden.KeyNotFound');
    expect(response.accountId).toBe(OTHER_ACCOUNT_ID);
  });

  it('publishes one event per successful write, none else', async () => {
    const { kms, events } = kmsFixture();
    kms.seedKey({ accountId: DEMO_ACCOUNT_ID, region: HANGZHOU, keyId: 'k-1' });

    await kms.handle(
      rpcRequest({ action: 'DescribeKey', params: { KeyId: 'k-1' } }),
    );
    const disabled = rpcRequest({
      action: 'DisableKey',
      params: { KeyId: 'k-1' },
    });
    await kms.handle(disabled);
    await kms.handle(
      rpcRequest({ action: 'EnableKey', params: { KeyId: 'nope' } }),
    );

    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      source: 'acs.actiontrail',
      type: 'actiontrail:ActionTrail:ApiCall',
      data: {
        eventName: 'DisableKey',
        serviceName: 'Kms',
        acsRegion: HANGZHOU,
        requestId: disabled.requestId,
        userIdentity: { accountId: DEMO_ACCOUNT_ID },
        requestParameters: { KeyId: 'k-1' },
        referencedResources: { 'ACS::KMS::Key': ['k-1'] },
      },
    });
  });

  it('forgets every key and nonce on reset', async () => {
    const { kms } = kmsFixture();
    kms.seedKey({ accountId: DEMO_ACCOUNT_ID, region: HANGZHOU, keyId: 'k-1' });
    const request = rpcRequest({ action: 'ListKeys', nonce: 'n-reset' });
    await kms.handle(request);

    kms.reset();
    const again = await kms.handle(request);

    expect(kms.snapshot()).toEqual([]);
    expect(again.status).toBe(200);
    expect(bodyOf(again).TotalCount).toBe(0);
  });

  it('answers throttling and internal failures in its own error shape', () => {
    const { kms } = kmsFixture();
    const request = rpcRequest({ action: 'DescribeKey' });

    const throttled = kms.throttleResponse(request);
    const failed = kms.serverErrorResponse(request);

    expect([throttled.status, bodyOf(throttled).Code]).toEqual([
      429,
      'Rejected.Throttling',
    ]);
    expect([failed.status, bodyOf(failed).Code]).toEqual([
      500,
      'InternalFailure',
    ]);
  });
});
