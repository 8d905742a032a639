import type { KmsKey } from './key.ts';
import { settle } from './key-lifecycle.ts';

/**
 * Every key of every account and region. A key is only ever found through
 * its account and region, the way a KMS endpoint only sees its own region;
 * each lookup first settles the key against the clock.
 */
const slot = (accountId: string, region: string, keyId: string): string =>
  `${accountId}/${region}/${keyId}`;

export class KeyStore {
  readonly #keys = new Map<string, KmsKey>();

  has(accountId: string, region: string, keyId: string): boolean {
    return this.#keys.has(slot(accountId, region, keyId));
  }

  add(key: KmsKey): void {
    const at = slot(key.accountId, key.region, key.keyId);
    if (this.#keys.has(at)) {
      throw new Error(`key ${key.keyId} already exists in ${key.region}`);
    }
    this.#keys.set(at, key);
  }

  find(
    accountId: string,
    region: string,
    keyId: string,
    now: number,
  ): KmsKey | undefined {
    const at = slot(accountId, region, keyId);
    const key = this.#keys.get(at);
    if (key === undefined) return undefined;
    if (settle(key, now) === 'gone') {
      this.#keys.delete(at);
      return undefined;
    }
    return key;
  }

  /** The region's keys of one account, oldest first. */
  list(accountId: string, region: string, now: number): KmsKey[] {
    return this.all(now).filter(
      (key) => key.accountId === accountId && key.region === region,
    );
  }

  all(now: number): KmsKey[] {
    const present: KmsKey[] = [];
    for (const [at, key] of this.#keys) {
      if (settle(key, now) === 'gone') this.#keys.delete(at);
      else present.push(key);
    }
    return present;
  }

  reset(): void {
    this.#keys.clear();
  }
}
