import type { Random } from '../../shared/clock.ts';

/**
 * Every identifier and every byte of key material comes from the
 * emulator's injected random source, so a seeded run repeats exactly.
 * None of it is fit for real secrets, and none needs to be.
 */
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

export const randomText = (
  random: Random,
  alphabet: string,
  length: number,
): string => {
  let text = '';
  for (let i = 0; i < length; i += 1) {
    text += alphabet[Math.floor(random.next() * alphabet.length)];
  }
  return text;
};

export const randomBytes = (random: Random, length: number): Buffer => {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) {
    bytes[i] = Math.floor(random.next() * 256);
  }
  return bytes;
};

/** Shaped like KMS's own ids: `key-` and 24 lower-case letters/digits. */
export const newKeyId = (random: Random): string =>
  `key-${randomText(random, LOWER_ALNUM, 24)}`;

/** A version-4-shaped UUID for key versions and event ids. */
export const newUuid = (random: Random): string => {
  const hex = randomText(random, HEX, 32);
  const variant = HEX[8 + Math.floor(random.next() * 4)] ?? '8';
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `4${hex.slice(13, 16)}`,
    `${variant}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
};
