import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import {
  CancelKeyDeletionRequest,
  CreateKeyRequest,
  DecryptRequest,
  DeleteKeyMaterialRequest,
  DescribeKeyRequest,
  DisableKeyRequest,
  EnableKeyRequest,
  EncryptRequest,
  GenerateDataKeyRequest,
  GetParametersForImportRequest,
  ImportKeyMaterialRequest,
  ListKeysRequest,
  ScheduleKeyDeletionRequest,
} from '@alicloud/kms20160120';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ACCESS_KEY, DEMO_ACCOUNT_ID } from '../../../emulator/demo.ts';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
import type { CloudEvent } from '../../../emulator/types.ts';
import {
  callKms,
  failureOf,
  genericKms,
  type KmsSdkClient,
  kmsSdk,
} from './kms-clients.ts';

let cloud: LocalCloud;
let kms: KmsSdkClient;
let received: CloudEvent[] = [];
const KEY = 'key-events0001';

beforeAll(async () => {
  cloud = await startLocalCloud({ port: 0, randomSeed: 16 });
  kms = kmsSdk(cloud);
  cloud.events.subscribe((event) => {
    received.push(event);
  });
});
afterAll(async () => {
  await cloud.close();
});
beforeEach(() => {
  cloud.control.reset();
  cloud.control.seed({ keys: [{ keyId: KEY }] });
  received = [];
});

/** The bus delivers on a microtask, like EventBridge, after the answer. */
const settled = async (): Promise<CloudEvent[]> => {
  await new Promise((resolve) => setImmediate(resolve));
  return received;
};

const dataOf = (event: CloudEvent | undefined) =>
  event?.data as Record<string, unknown> | undefined;

describe('each successful KMS write', () => {
  it.each([
    ['DisableKey', () => kms.disableKey(new DisableKeyRequest({ keyId: KEY }))],
    ['EnableKey', () => kms.enableKey(new EnableKeyRequest({ keyId: KEY }))],
    [
      'ScheduleKeyDeletion',
      () =>
        kms.scheduleKeyDeletion(
          new ScheduleKeyDeletionRequest({
            keyId: KEY,
            pendingWindowInDays: 7,
          }),
        ),
    ],
    [
      'SetDeletionProtection',
      () =>
        callKms(
          genericKms(cloud, { signing: 'acs3' }),
          'SetDeletionProtection',
          {
            KeyId: KEY,
            EnableDeletionProtection: 'true',
          },
        ),
    ],
  ])('publishes one ActionTrail event: %s', async (eventName, call) => {
    await call();

    const events = await settled();

    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      source: 'acs.actiontrail',
      type: 'actiontrail:ActionTrail:ApiCall',
      specversion: '1.0',
      aliyunaccountid: DEMO_ACCOUNT_ID,
      aliyunregionid: 'cn-hangzhou',
      data: {
        eventName,
        serviceName: 'Kms',
        eventType: 'ApiCall',
        eventRW: 'Write',
        acsRegion: 'cn-hangzhou',
        userIdentity: {
          accountId: DEMO_ACCOUNT_ID,
          accessKeyId: DEMO_ACCESS_KEY.accessKeyId,
        },
        requestParameters: { KeyId: KEY },
        referencedResources: { 'ACS::KMS::Key': [KEY] },
      },
    });
    expect(dataOf(events[0])?.eventTime).toBe(events[0]?.time);
  });

  it('carries the request id the caller was answered with', async () => {
    const answer = await kms.disableKey(new DisableKeyRequest({ keyId: KEY }));

    const [event] = await settled();

    expect(dataOf(event)?.requestId).toBe(answer.requestId);
    expect(dataOf(event)?.eventId).toBe(event?.id);
  });

  it('names the new key of CreateKey, in the region called', async () => {
    const shanghai = kmsSdk(cloud, { region: 'cn-shanghai' });

    const created = await shanghai.createKey(new CreateKeyRequest({}));

    const [event] = await settled();
    expect(dataOf(event)).toMatchObject({
      eventName: 'CreateKey',
      acsRegion: 'cn-shanghai',
      requestParameters: { KeyId: created.keyMetadata.keyId },
    });
  });

  it('names an STS caller as an assumed role, without its token', async () => {
    const sts = cloud.control.issueStsToken(DEMO_ACCOUNT_ID, 60_000);

    await kmsSdk(cloud, { credentials: sts }).disableKey(
      new DisableKeyRequest({ keyId: KEY }),
    );

    const [event] = await settled();
    expect(dataOf(event)?.userIdentity).toMatchObject({
      type: 'assumed-role',
      accessKeyId: sts.accessKeyId,
    });
    const text = JSON.stringify(event);
    expect(text).not.toContain(sts.securityToken);
    expect(text).not.toContain(sts.accessKeySecret);
    expect(text).not.toContain('Signature');
  });

  it('publishes one event per call through the whole BYOK cycle', async () => {
    const created = await kms.createKey(
      new CreateKeyRequest({ origin: 'EXTERNAL' }),
    );
    const keyId = created.keyMetadata.keyId;
    const parameters = await kms.getParametersForImport(
      new GetParametersForImportRequest({
        keyId,
        wrappingAlgorithm: 'RSAES_OAEP_SHA_1',
        wrappingKeySpec: 'RSA_2048',
      }),
    );
    const wrapped = publicEncrypt(
      {
        key: createPublicKey({
          key: Buffer.from(parameters.publicKey, 'base64'),
          format: 'der',
          type: 'spki',
        }),
        padding: constants.RSA_PKCS1_OAEP_PADDING,
      },
      Buffer.alloc(32, 9),
    );
    await kms.importKeyMaterial(
      new ImportKeyMaterialRequest({
        keyId,
        importToken: parameters.importToken,
        encryptedKeyMaterial: wrapped.toString('base64'),
        keyMaterialExpireUnix: 0,
      }),
    );
    await kms.deleteKeyMaterial(new DeleteKeyMaterialRequest({ keyId }));
    await kms.scheduleKeyDeletion(
      new ScheduleKeyDeletionRequest({ keyId, pendingWindowInDays: 7 }),
    );
    await kms.cancelKeyDeletion(new CancelKeyDeletionRequest({ keyId }));

    const events = await settled();

    expect(events.map((event) => dataOf(event)?.eventName)).toEqual([
      'CreateKey',
      'ImportKeyMaterial',
      'DeleteKeyMaterial',
      'ScheduleKeyDeletion',
      'CancelKeyDeletion',
    ]);
    const imported = dataOf(events[1])?.requestParameters;
    expect(imported).not.toHaveProperty('EncryptedKeyMaterial');
    expect(imported).not.toHaveProperty('ImportToken');
  });
});

describe('no event is published', () => {
  it('for reads and cryptographic calls', async () => {
    const sealed = await kms.encrypt(
      new EncryptRequest({ keyId: KEY, plaintext: 'x' }),
    );
    await kms.decrypt(
      new DecryptRequest({ ciphertextBlob: sealed.ciphertextBlob }),
    );
    await kms.generateDataKey(new GenerateDataKeyRequest({ keyId: KEY }));
    await kms.describeKey(new DescribeKeyRequest({ keyId: KEY }));
    await kms.listKeys(new ListKeysRequest({}));

    expect(await settled()).toEqual([]);
  });

  it('for a write that failed', async () => {
    await failureOf(
      kms.scheduleKeyDeletion(
        new ScheduleKeyDeletionRequest({ keyId: KEY, pendingWindowInDays: 3 }),
      ),
    );
    await failureOf(
      kms.enableKey(new EnableKeyRequest({ keyId: 'key-absent' })),
    );

    expect(await settled()).toEqual([]);
  });
});
