import type { Random } from '../shared/clock.ts';
import type {
  AccessKey,
  AccountQuotas,
  Accounts,
  Authentication,
  EmulatorClock,
  SeedAccount,
  StsCredentials,
} from './types.ts';

export const DEFAULT_QUOTAS: AccountQuotas = {
  logstoresPerProject: 200,
  projectsPerAccount: 150,
};

interface StsRecord extends StsCredentials {
  readonly accountId: string;
}

const ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const randomText = (random: Random, length: number): string =>
  Array.from(
    { length },
    () => ALPHABET[Math.floor(random.next() * ALPHABET.length)],
  ).join('');

/** Accounts, their permanent access keys, and STS tokens with expiry. */
export class AccountRegistry implements Accounts {
  readonly #keys = new Map<string, { accountId: string; secret: string }>();
  readonly #quotas = new Map<string, AccountQuotas>();
  readonly #sts = new Map<string, StsRecord>();

  constructor(
    private readonly clock: EmulatorClock,
    private readonly random: Random,
  ) {}

  seed(account: SeedAccount): void {
    const current = this.#quotas.get(account.accountId) ?? DEFAULT_QUOTAS;
    this.#quotas.set(account.accountId, { ...current, ...account.quotas });
    for (const key of account.accessKeys ?? []) {
      this.#keys.set(key.accessKeyId, {
        accountId: account.accountId,
        secret: key.accessKeySecret,
      });
    }
  }

  has(accountId: string): boolean {
    return this.#quotas.has(accountId);
  }

  quotasOf(accountId: string): AccountQuotas {
    return this.#quotas.get(accountId) ?? DEFAULT_QUOTAS;
  }

  /** Temporary credentials like the ones FC hands each invocation. */
  issueStsToken(accountId: string, ttlMs: number): StsCredentials {
    if (!this.has(accountId)) {
      throw new Error(`account ${accountId} is not seeded`);
    }
    const record: StsRecord = {
      accountId,
      accessKeyId: `STS.${randomText(this.random, 24)}`,
      accessKeySecret: randomText(this.random, 40),
      securityToken: `CAIS${randomText(this.random, 120)}`,
      expiresAt: this.clock.now() + ttlMs,
    };
    this.#sts.set(record.accessKeyId, record);
    const { accountId: _, ...credentials } = record;
    return credentials;
  }

  authenticate(accessKeyId: string, securityToken?: string): Authentication {
    const sts = this.#sts.get(accessKeyId);
    if (sts !== undefined) {
      if (securityToken !== sts.securityToken) {
        return { ok: false, reason: 'bad-token' };
      }
      if (this.clock.now() >= sts.expiresAt) {
        return { ok: false, reason: 'expired-token' };
      }
      return {
        ok: true,
        accountId: sts.accountId,
        secret: sts.accessKeySecret,
      };
    }
    const key = this.#keys.get(accessKeyId);
    if (key === undefined) return { ok: false, reason: 'unknown-key' };
    return { ok: true, accountId: key.accountId, secret: key.secret };
  }

  accessKeysOf(accountId: string): AccessKey[] {
    return [...this.#keys]
      .filter(([, key]) => key.accountId === accountId)
      .map(([accessKeyId, key]) => ({
        accessKeyId,
        accessKeySecret: key.secret,
      }));
  }

  reset(): void {
    this.#keys.clear();
    this.#quotas.clear();
    this.#sts.clear();
  }
}
