import { describe, expect, it } from 'vitest';
import { KmsError } from '../../../emulator/kms/errors.ts';
import type { KmsKey } from '../../../emulator/kms/key.ts';
import { buildKey } from '../../../emulator/kms/key-factory.ts';
import {
  cancelDeletion,
  deleteMaterial,
  disableKey,
  enableKey,
  importMaterial,
  scheduleDeletion,
  setDeletionProtection,
  settle,
} from '../../../emulator/kms/key-lifecycle.ts';
import { DAY_MS } from '../../../emulator/kms/time.ts';
import { seededRandom } from '../../../shared/clock.ts';

const NOW = Date.parse('2025-01-01T00:00:00Z');

const key = (origin?: string): KmsKey =>
  buildKey(
    {
      accountId: '1111222233334444',
      region: 'cn-hangzhou',
      ...(origin === undefined ? {} : { origin }),
    },
    NOW,
    seededRandom(1),
  );

const codeOf = (action: () => void): string => {
  try {
    action();
  } catch (error) {
    if (error instanceof KmsError) return `${error.status} ${error.code}`;
    throw error;
  }
  return 'no error';
};

describe('a new key', () => {
  it('is an Enabled AES-256 ENCRYPT/DECRYPT key with material', () => {
    const created = key();

    expect(created).toMatchObject({
      state: 'Enabled',
      keySpec: 'Aliyun_AES_256',
      keyUsage: 'ENCRYPT/DECRYPT',
      origin: 'Aliyun_KMS',
      materialLoaded: true,
    });
    expect(created.material).toHaveLength(32);
    expect(created.keyId).toMatch(/^key-[a-z0-9]{24}$/);
  });

  it('with origin EXTERNAL waits for material in PendingImport', () => {
    const created = key('EXTERNAL');

    expect(created.state).toBe('PendingImport');
    expect(created.materialLoaded).toBe(false);
  });

  it('is refused for an unknown key spec, naming the field', () => {
    const build = () =>
      buildKey(
        { accountId: 'a', region: 'cn-hangzhou', keySpec: 'AES_999' },
        NOW,
        seededRandom(1),
      );

    expect(build).toThrow(/KeySpec/);
  });
});

describe('enabling and disabling', () => {
  it('switches between Enabled and Disabled', () => {
    const subject = key();

    disableKey(subject);
    const disabled = subject.state;
    enableKey(subject);

    expect(disabled).toBe('Disabled');
    expect(subject.state).toBe('Enabled');
  });

  it.each([
    ['PendingDeletion', (k: KmsKey) => scheduleDeletion(k, 7, NOW)],
    ['PendingImport', (k: KmsKey) => deleteMaterial(k)],
  ])('is refused with 409 Rejected.StateModifiedFailed while %s', (_, into) => {
    const subject = key('EXTERNAL');
    importMaterial(subject, Buffer.alloc(32, 1), undefined);
    into(subject);

    expect(codeOf(() => enableKey(subject))).toBe(
      '409 Rejected.StateModifiedFailed',
    );
    expect(codeOf(() => disableKey(subject))).toBe(
      '409 Rejected.StateModifiedFailed',
    );
  });
});

describe('scheduled deletion', () => {
  it('sets a delete date and ends the key once it passes', () => {
    const subject = key();

    scheduleDeletion(subject, 7, NOW);

    expect(subject.state).toBe('PendingDeletion');
    expect(subject.deleteAt).toBe(NOW + 7 * DAY_MS);
    expect(settle(subject, NOW + 7 * DAY_MS - 1)).toBe('present');
    expect(settle(subject, NOW + 7 * DAY_MS)).toBe('gone');
  });

  it.each([6, 367, 7.5])('refuses a pending window of %s days', (days) => {
    expect(codeOf(() => scheduleDeletion(key(), days, NOW))).toBe(
      '400 InvalidParameter',
    );
  });

  it('accepts the window bounds of 7 and 366 days', () => {
    expect(codeOf(() => scheduleDeletion(key(), 7, NOW))).toBe('no error');
    expect(codeOf(() => scheduleDeletion(key(), 366, NOW))).toBe('no error');
  });

  it('is refused while deletion protection is on', () => {
    const subject = key();
    setDeletionProtection(subject, true, 'used by SLS');

    expect(codeOf(() => scheduleDeletion(subject, 7, NOW))).toBe(
      '403 Forbidden.ResourceProtected',
    );
    expect(subject.state).toBe('Enabled');
  });

  it('is cancelled back to Enabled', () => {
    const subject = key();
    disableKey(subject);
    scheduleDeletion(subject, 30, NOW);

    cancelDeletion(subject);

    expect(subject.state).toBe('Enabled');
    expect(subject.deleteAt).toBeUndefined();
  });

  it('cannot be cancelled when none is scheduled', () => {
    expect(codeOf(() => cancelDeletion(key()))).toBe(
      '409 Rejected.StateModifiedFailed',
    );
  });
});

describe('imported key material', () => {
  it('enables the key, and moves it back to PendingImport on expiry', () => {
    const subject = key('EXTERNAL');

    importMaterial(subject, Buffer.alloc(32, 7), NOW + DAY_MS);
    const imported = subject.state;
    settle(subject, NOW + DAY_MS);

    expect(imported).toBe('Enabled');
    expect(subject.state).toBe('PendingImport');
    expect(subject.materialExpireAt).toBeUndefined();
  });

  it('never expires when imported without an expiry', () => {
    const subject = key('EXTERNAL');

    importMaterial(subject, Buffer.alloc(32, 7), undefined);
    settle(subject, NOW + 3650 * DAY_MS);

    expect(subject.state).toBe('Enabled');
  });

  it('can only be imported again if it is the same material', () => {
    const subject = key('EXTERNAL');
    importMaterial(subject, Buffer.alloc(32, 7), undefined);
    deleteMaterial(subject);

    const other = codeOf(() =>
      importMaterial(subject, Buffer.alloc(32, 8), undefined),
    );
    const same = codeOf(() =>
      importMaterial(subject, Buffer.alloc(32, 7), undefined),
    );

    expect(other).toBe('400 InvalidParameter');
    expect(same).toBe('no error');
    expect(subject.state).toBe('Enabled');
  });

  it('is refused for a key KMS made itself', () => {
    expect(
      codeOf(() => importMaterial(key(), Buffer.alloc(32), undefined)),
    ).toBe('400 UnsupportedOperation');
  });

  it('keeps a key pending deletion as it is when it expires', () => {
    const subject = key('EXTERNAL');
    importMaterial(subject, Buffer.alloc(32, 7), NOW + DAY_MS);
    scheduleDeletion(subject, 7, NOW);

    settle(subject, NOW + 2 * DAY_MS);
    cancelDeletion(subject);

    expect(subject.state).toBe('PendingImport');
  });
});
