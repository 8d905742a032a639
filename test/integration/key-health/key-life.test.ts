import { constants, createPublicKey, publicEncrypt } from 'node:crypto';
import {
  CancelKeyDeletionRequest,
  CreateKeyRequest,
  DeleteKeyMaterialRequest,
  GetParametersForImportRequest,
  ImportKeyMaterialRequest,
  ScheduleKeyDeletionRequest,
} from '@alicloud/kms20160120';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../shared/health/dates.ts';
import { byok, type Harness, kmsAdmin, startHarness } from './support.ts';

const MATERIAL = Buffer.alloc(32, 0x42);

/** Status and headline of every notice a channel accepted, in order. */
const heard = (h: Harness, channel: 'dingtalk' | 'slack'): string[] =>
  h.cloud.sink
    .messages({ channel })
    .filter((m) => m.accepted)
    .map((m) => {
      const text = JSON.stringify(m.body);
      const status = text.includes('RESOLVED') ? 'resolved' : 'firing';
      const what =
        /is scheduled for deletion|was not found|key material about to expire/.exec(
          text,
        )?.[0] ?? '?';
      return `${status}: ${what}`;
    });

describe('a key through its whole life on the local clock', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  it('warns, escalates once, survives a retry, resolves once, and reports the deleted key', async () => {
    const kms = kmsAdmin(h.cloud);
    const { keyMetadata } = await kms.createKey(
      new CreateKeyRequest({ origin: 'EXTERNAL' }),
    );
    const keyId = keyMetadata.keyId;
    const importMaterial = async (expiresAt: number) => {
      const parameters = await kms.getParametersForImport(
        new GetParametersForImportRequest({
          keyId,
          wrappingAlgorithm: 'RSAES_OAEP_SHA_256',
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
          oaepHash: 'sha256',
        },
        MATERIAL,
      );
      await kms.importKeyMaterial(
        new ImportKeyMaterialRequest({
          keyId,
          importToken: parameters.importToken,
          encryptedKeyMaterial: wrapped.toString('base64'),
          keyMaterialExpireUnix: Math.floor(expiresAt / 1000),
        }),
      );
    };
    await importMaterial(h.cloud.clock.now() + 20 * DAY_MS);
    h.cloud.control.seed({
      logstores: [byok('demo-proj', 'app-audit', keyId)],
    });

    // Enabled, material 20 days away: quiet.
    await h.run();
    expect(heard(h, 'slack')).toEqual([]);

    // A week later the material is 13 days away: one warning.
    h.cloud.clock.advance(7 * DAY_MS);
    await h.run();
    await h.run();
    expect(heard(h, 'slack')).toEqual(['firing: key material about to expire']);

    // New material that never expires clears it.
    await kms.deleteKeyMaterial(new DeleteKeyMaterialRequest({ keyId }));
    await importMaterial(0);
    await h.run();

    // Scheduled for deletion: critical, once per channel, even when the
    // platform runs the function again.
    await kms.scheduleKeyDeletion(
      new ScheduleKeyDeletionRequest({ keyId, pendingWindowInDays: 7 }),
    );
    await h.run();
    await h.run();

    // Cancelled: exactly one resolved.
    await kms.cancelKeyDeletion(new CancelKeyDeletionRequest({ keyId }));
    await h.run();
    await h.run();

    // Scheduled again and left to complete: the key is gone.
    await kms.scheduleKeyDeletion(
      new ScheduleKeyDeletionRequest({ keyId, pendingWindowInDays: 7 }),
    );
    h.cloud.clock.advance(8 * DAY_MS);
    const last = await h.run();

    const expected = [
      'firing: key material about to expire',
      'resolved: key material about to expire',
      'firing: is scheduled for deletion',
      'resolved: is scheduled for deletion',
      'firing: was not found',
    ];
    expect(heard(h, 'slack')).toEqual(expected);
    expect(heard(h, 'dingtalk')).toEqual(expected);
    expect(last.keys.critical).toBe(1);
  });
});
