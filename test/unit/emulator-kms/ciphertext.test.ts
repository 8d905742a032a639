import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { open, parseBlob, seal } from '../../../emulator/kms/ciphertext.ts';
import { KmsError } from '../../../emulator/kms/errors.ts';

const MATERIAL = Buffer.alloc(32, 3);
const IV = Buffer.alloc(12, 9);

describe('a ciphertext blob', () => {
  it('round-trips any plaintext and context, and names its key', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 256 }),
        fc.dictionary(fc.string(), fc.string(), { noNullPrototype: true }),
        fc.constantFrom(16, 24, 32),
        (plaintext, context, length) => {
          const material = MATERIAL.subarray(0, length);
          const blob = seal(
            material,
            'key-abc',
            'v1',
            Buffer.from(plaintext),
            context,
            IV,
          );

          const sealed = parseBlob(blob);
          const opened = open(material, sealed, context);

          expect(sealed.keyId).toBe('key-abc');
          expect(opened.equals(Buffer.from(plaintext))).toBe(true);
        },
      ),
    );
  });

  it('does not open with another encryption context', () => {
    const blob = seal(
      MATERIAL,
      'key-abc',
      'v1',
      Buffer.from('hi'),
      {
        purpose: 'a',
      },
      IV,
    );

    const attempt = () => open(MATERIAL, parseBlob(blob), { purpose: 'b' });

    expect(attempt).toThrow(KmsError);
  });

  it('does not open under other material', () => {
    const blob = seal(MATERIAL, 'key-abc', 'v1', Buffer.from('hi'), {}, IV);

    const attempt = () => open(Buffer.alloc(32, 4), parseBlob(blob), {});

    expect(attempt).toThrow(/CiphertextBlob/);
  });

  it('does not open once moved to another key id', () => {
    const blob = seal(MATERIAL, 'key-abc', 'v1', Buffer.from('hi'), {}, IV);
    const bytes = Buffer.from(blob, 'base64');
    bytes.write('key-abd', 2);

    const attempt = () =>
      open(MATERIAL, parseBlob(bytes.toString('base64')), {});

    expect(attempt).toThrow(KmsError);
  });

  it.each(['', 'bm90IGEgYmxvYg==', 'AQ=='])(
    'is refused when it is not one of ours: %j',
    (blob) => {
      expect(() => parseBlob(blob)).toThrow(/CiphertextBlob/);
    },
  );
});
