import {
  CancelKeyDeletionRequest,
  DecryptRequest,
  DescribeKeyRequest,
  DisableKeyRequest,
  EnableKeyRequest,
  EncryptRequest,
  ScheduleKeyDeletionRequest,
} from '@alicloud/kms20160120';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
import { callKms, failureOf, genericKms, kmsSdk } from './kms-clients.ts';

let cloud: LocalCloud;
const KEY = 'key-lifecycle01';
const DAY_MS = 86_400_000;

beforeAll(async () => {
  cloud = await startLocalCloud({ port: 0, randomSeed: 12 });
});
afterAll(async () => {
  await cloud.close();
});
beforeEach(() => {
  cloud.control.reset();
  cloud.control.seed({ keys: [{ keyId: KEY }] });
});

const stateOf = async (keyId = KEY) =>
  (await kmsSdk(cloud).describeKey(new DescribeKeyRequest({ keyId })))
    .keyMetadata.keyState;

describe('DisableKey and EnableKey', () => {
  it('switch the key between Disabled and Enabled', async () => {
    const kms = kmsSdk(cloud);

    await kms.disableKey(new DisableKeyRequest({ keyId: KEY }));
    const disabled = await stateOf();
    await kms.enableKey(new EnableKeyRequest({ keyId: KEY }));

    expect(disabled).toBe('Disabled');
    expect(await stateOf()).toBe('Enabled');
  });

  it('leave a Disabled key: Decrypt is 409 Rejected.Disabled', async () => {
    const kms = kmsSdk(cloud);
    const sealed = await kms.encrypt(
      new EncryptRequest({ keyId: KEY, plaintext: 'audit log line' }),
    );
    await kms.disableKey(new DisableKeyRequest({ keyId: KEY }));

    const error = await failureOf(
      kms.decrypt(
        new DecryptRequest({ ciphertextBlob: sealed.ciphertextBlob }),
      ),
    );

    expect(error.code).toBe('Rejected.DisabledError');
    expect(error.data.Code).toBe('Rejected.Disabled');
    expect(error.message).toContain('code: 409');
  });

  it('are refused as Rejected.StateModifiedFailed while deleting', async () => {
    const kms = kmsSdk(cloud);
    await kms.scheduleKeyDeletion(
      new ScheduleKeyDeletionRequest({ keyId: KEY, pendingWindowInDays: 7 }),
    );

    const enable = await failureOf(
      kms.enableKey(new EnableKeyRequest({ keyId: KEY })),
    );
    const disable = await failureOf(
      kms.disableKey(new DisableKeyRequest({ keyId: KEY })),
    );

    expect(enable.data.Code).toBe('Rejected.StateModifiedFailed');
    expect(disable.data.Code).toBe('Rejected.StateModifiedFailed');
    expect(enable.message).toContain('code: 409');
  });

  it('answer Forbidden.KeyNotFound for a key that never existed', async () => {
    const error = await failureOf(
      kmsSdk(cloud).enableKey(new EnableKeyRequest({ keyId: 'key-none' })),
    );

    expect(error.code).toBe('Forbidden.KeyNotFoundError');
  });
});

describe('ScheduleKeyDeletion', () => {
  it('sets PendingDeletion with the delete date the window gives', async () => {
    const kms = kmsSdk(cloud);
    const before = cloud.clock.now();

    await kms.scheduleKeyDeletion(
      new ScheduleKeyDeletionRequest({ keyId: KEY, pendingWindowInDays: 7 }),
    );

    const described = await kms.describeKey(
      new DescribeKeyRequest({ keyId: KEY }),
    );
    const deleteAt = Date.parse(described.keyMetadata.deleteDate);
    expect(described.keyMetadata.keyState).toBe('PendingDeletion');
    expect(deleteAt).toBeGreaterThanOrEqual(before + 7 * DAY_MS - 1000);
    expect(deleteAt).toBeLessThanOrEqual(cloud.clock.now() + 7 * DAY_MS);
  });

  it('leaves the key gone once the clock passes the delete date', async () => {
    const kms = kmsSdk(cloud);
    await kms.scheduleKeyDeletion(
      new ScheduleKeyDeletionRequest({ keyId: KEY, pendingWindowInDays: 7 }),
    );

    cloud.clock.advance(7 * DAY_MS - 60_000);
    const stillThere = await stateOf();
    cloud.clock.advance(61_000);
    const error = await failureOf(
      kms.describeKey(new DescribeKeyRequest({ keyId: KEY })),
    );

    expect(stillThere).toBe('PendingDeletion');
    expect(error.data.Code).toBe('Forbidden.KeyNotFound');
    expect(cloud.kms.keyStateOf('1111222233334444', 'cn-hangzhou', KEY)).toBe(
      undefined,
    );
  });

  it.each([6, 367])('refuses a window of %s days', async (days) => {
    const error = await failureOf(
      kmsSdk(cloud).scheduleKeyDeletion(
        new ScheduleKeyDeletionRequest({
          keyId: KEY,
          pendingWindowInDays: days,
        }),
      ),
    );

    expect(error.data.Code).toBe('InvalidParameter');
    expect(error.data.Message).toContain('PendingWindowInDays');
    expect(await stateOf()).toBe('Enabled');
  });

  it('is refused while deletion protection is on', async () => {
    const client = genericKms(cloud, { signing: 'acs3' });
    await callKms(client, 'SetDeletionProtection', {
      ProtectedResourceArn: `acs:kms:cn-hangzhou:1111222233334444:key/${KEY}`,
      EnableDeletionProtection: 'true',
      DeletionProtectionDescription: 'bound to demo-proj/app-audit',
    });

    const error = await failureOf(
      kmsSdk(cloud).scheduleKeyDeletion(
        new ScheduleKeyDeletionRequest({ keyId: KEY, pendingWindowInDays: 7 }),
      ),
    );

    expect(error.data.Code).toBe('Forbidden.ResourceProtected');
    expect(await stateOf()).toBe('Enabled');
  });

  it('is possible again once deletion protection is off', async () => {
    const client = genericKms(cloud, { signing: 'v2' });
    await callKms(client, 'SetDeletionProtection', {
      KeyId: KEY,
      EnableDeletionProtection: 'true',
    });
    await callKms(client, 'SetDeletionProtection', {
      KeyId: KEY,
      EnableDeletionProtection: 'false',
    });

    await kmsSdk(cloud).scheduleKeyDeletion(
      new ScheduleKeyDeletionRequest({ keyId: KEY, pendingWindowInDays: 30 }),
    );

    expect(await stateOf()).toBe('PendingDeletion');
  });
});

describe('CancelKeyDeletion', () => {
  it('puts a key pending deletion back to Enabled', async () => {
    const kms = kmsSdk(cloud);
    await kms.disableKey(new DisableKeyRequest({ keyId: KEY }));
    await kms.scheduleKeyDeletion(
      new ScheduleKeyDeletionRequest({ keyId: KEY, pendingWindowInDays: 7 }),
    );

    await kms.cancelKeyDeletion(new CancelKeyDeletionRequest({ keyId: KEY }));

    const described = await kms.describeKey(
      new DescribeKeyRequest({ keyId: KEY }),
    );
    expect(described.keyMetadata.keyState).toBe('Enabled');
    expect(described.keyMetadata.deleteDate).toBeUndefined();
  });

  it('is refused for a key not pending deletion', async () => {
    const error = await failureOf(
      kmsSdk(cloud).cancelKeyDeletion(
        new CancelKeyDeletionRequest({ keyId: KEY }),
      ),
    );

    expect(error.data.Code).toBe('Rejected.StateModifiedFailed');
  });
});

describe('SetDeletionProtection', () => {
  it('shows in DescribeKey through the generic client', async () => {
    const client = genericKms(cloud, { signing: 'acs3' });

    await callKms(client, 'SetDeletionProtection', {
      KeyId: KEY,
      EnableDeletionProtection: 'true',
    });
    const body = await callKms(client, 'DescribeKey', { KeyId: KEY });

    expect(body.KeyMetadata).toMatchObject({ DeletionProtection: 'Enabled' });
  });

  it('refuses a key named by an ARN of another region', async () => {
    const client = genericKms(cloud, { signing: 'acs3' });

    const error = await failureOf(
      callKms(client, 'SetDeletionProtection', {
        ProtectedResourceArn: `acs:kms:cn-beijing:1111222233334444:key/${KEY}`,
        EnableDeletionProtection: 'true',
      }),
    );

    expect(error.code).toBe('Forbidden.KeyNotFound');
    expect(error.data.statusCode).toBe(404);
  });

  it('needs EnableDeletionProtection to be true or false', async () => {
    const client = genericKms(cloud, { signing: 'acs3' });

    const error = await failureOf(
      callKms(client, 'SetDeletionProtection', {
        KeyId: KEY,
        EnableDeletionProtection: 'yes',
      }),
    );

    expect(error.code).toBe('InvalidParameter');
    expect(String(error.data.Message)).toContain('EnableDeletionProtection');
  });
});
