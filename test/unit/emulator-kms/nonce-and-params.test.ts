import { describe, expect, it } from 'vitest';
import { KmsError } from '../../../emulator/kms/errors.ts';
import {
  NONCE_MEMORY_MS,
  NonceStore,
} from '../../../emulator/kms/nonce-store.ts';
import { Params } from '../../../emulator/kms/params.ts';

describe('the nonce store', () => {
  it('accepts a nonce once per access key', () => {
    const nonces = new NonceStore();

    const first = nonces.use('AK1', 'n-1', 0);
    const again = nonces.use('AK1', 'n-1', 1);
    const otherKey = nonces.use('AK2', 'n-1', 2);

    expect([first, again, otherKey]).toEqual([true, false, true]);
  });

  it('forgets nonces once no valid timestamp could carry them', () => {
    const nonces = new NonceStore();
    nonces.use('AK1', 'n-1', 0);

    const within = nonces.use('AK1', 'n-1', NONCE_MEMORY_MS - 1);
    const after = nonces.use('AK1', 'n-1', NONCE_MEMORY_MS + 1);

    expect(within).toBe(false);
    expect(after).toBe(true);
    expect(nonces.size()).toBe(1);
  });
});

const errorOf = (action: () => unknown): KmsError => {
  try {
    action();
  } catch (error) {
    if (error instanceof KmsError) return error;
  }
  throw new Error('expected a KmsError');
};

describe('operation parameters', () => {
  it('answers a missing one with Missing<Name>', () => {
    const error = errorOf(() => new Params({}).required('KeyId'));

    expect(error.code).toBe('MissingKeyId');
    expect(error.status).toBe(400);
  });

  it('treats an empty value as missing', () => {
    expect(
      errorOf(() => new Params({ KeyId: '' }).required('KeyId')).code,
    ).toBe('MissingKeyId');
  });

  it.each(['0', '101', '1.5', 'ten'])(
    'refuses PageSize %s naming the field and the range',
    (value) => {
      const error = errorOf(() =>
        new Params({ PageSize: value }).integer(
          'PageSize',
          { min: 1, max: 100 },
          10,
        ),
      );

      expect(error.code).toBe('InvalidParameter');
      expect(error.message).toContain('PageSize');
      expect(error.message).toContain('1 to 100');
    },
  );

  it('falls back to the default when an optional integer is absent', () => {
    expect(new Params({}).integer('PageSize', { min: 1, max: 100 }, 10)).toBe(
      10,
    );
  });

  it('reads a map sent as JSON or flattened by the SDK', () => {
    const json = new Params({ EncryptionContext: '{"a":"1"}' });
    const flat = new Params({ 'EncryptionContext.a': '1' });

    expect(json.map('EncryptionContext')).toEqual({ a: '1' });
    expect(flat.map('EncryptionContext')).toEqual({ a: '1' });
  });

  it('refuses a map that is not a JSON object', () => {
    expect(
      errorOf(() =>
        new Params({ EncryptionContext: '[1]' }).map('EncryptionContext'),
      ).message,
    ).toContain('EncryptionContext');
  });
});
