import {
  constants,
  generateKeyPairSync,
  type KeyObject,
  privateDecrypt,
} from 'node:crypto';
import type { Random } from '../../shared/clock.ts';
import { invalidParameter } from './errors.ts';
import { randomText } from './random-ids.ts';
import { DAY_MS } from './time.ts';

/**
 * GetParametersForImport hands out an RSA public key and an import token;
 * ImportKeyMaterial takes the material wrapped under that key. The RSA
 * pair is made once per emulator (Node cannot derive it from the seeded
 * random source) and is not state: reset() keeps it.
 */
export const WRAPPING_ALGORITHMS = [
  'RSAES_PKCS1_V1_5',
  'RSAES_OAEP_SHA_1',
  'RSAES_OAEP_SHA_256',
] as const;
export type WrappingAlgorithm = (typeof WRAPPING_ALGORITHMS)[number];
export const WRAPPING_KEY_SPECS = ['RSA_2048'] as const;

export const IMPORT_TOKEN_TTL_MS = DAY_MS;

export interface ImportTicket {
  readonly accountId: string;
  readonly region: string;
  readonly keyId: string;
  readonly algorithm: WrappingAlgorithm;
  /** Emulator-clock milliseconds. */
  readonly expiresAt: number;
}

const TOKEN_ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Node 20 refuses PKCS#1 v1.5 decryption (a timing-attack fix), so the
 * padding is removed by hand: 0x00 0x02, at least 8 non-zero bytes, 0x00.
 */
const unpadPkcs1 = (block: Buffer): Buffer | undefined => {
  if (block[0] !== 0 || block[1] !== 2) return undefined;
  const end = block.indexOf(0, 2);
  return end < 10 ? undefined : block.subarray(end + 1);
};

export class KeyImports {
  #pair: { publicKey: KeyObject; privateKey: KeyObject } | undefined;
  readonly #tickets = new Map<string, ImportTicket>();

  /** The wrapping public key as KMS sends it: base64 DER (SPKI). */
  publicKey(): string {
    return this.#keys()
      .publicKey.export({ format: 'der', type: 'spki' })
      .toString('base64');
  }

  issue(ticket: ImportTicket, random: Random): string {
    const token = randomText(random, TOKEN_ALPHABET, 64);
    this.#tickets.set(token, ticket);
    return token;
  }

  /** The ticket behind a token issued for this very key, still valid. */
  redeem(
    token: string,
    key: { accountId: string; region: string; keyId: string },
    now: number,
  ): ImportTicket {
    const ticket = this.#tickets.get(token);
    if (
      ticket === undefined ||
      ticket.accountId !== key.accountId ||
      ticket.region !== key.region ||
      ticket.keyId !== key.keyId
    ) {
      throw invalidParameter(
        'ImportToken',
        `it was not issued by GetParametersForImport for ${key.keyId}`,
      );
    }
    if (now >= ticket.expiresAt) {
      throw invalidParameter('ImportToken', 'it has expired; get a new one');
    }
    return ticket;
  }

  unwrap(ticket: ImportTicket, encryptedBase64: string): Buffer {
    const wrapped = Buffer.from(encryptedBase64, 'base64');
    const privateKey = this.#keys().privateKey;
    try {
      if (ticket.algorithm === 'RSAES_PKCS1_V1_5') {
        const block = privateDecrypt(
          { key: privateKey, padding: constants.RSA_NO_PADDING },
          wrapped,
        );
        const material = unpadPkcs1(block);
        if (material !== undefined) return material;
        throw new Error('bad padding');
      }
      return privateDecrypt(
        {
          key: privateKey,
          padding: constants.RSA_PKCS1_OAEP_PADDING,
          oaepHash: ticket.algorithm === 'RSAES_OAEP_SHA_1' ? 'sha1' : 'sha256',
        },
        wrapped,
      );
    } catch {
      throw invalidParameter(
        'EncryptedKeyMaterial',
        `it does not unwrap with ${ticket.algorithm} under the issued key`,
      );
    }
  }

  reset(): void {
    this.#tickets.clear();
  }

  #keys() {
    this.#pair ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
    return this.#pair;
  }
}
