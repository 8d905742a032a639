import type { AccountRegistry } from './accounts.ts';
import { problemOf, seedSchema } from './control-schemas.ts';
import type { KmsService } from './kms/service.ts';
import type { SlsService } from './sls/service.ts';
import type {
  SeedAccount,
  SeedKey,
  SeedLogstore,
  SeedProject,
} from './types.ts';

/**
 * A seed is all or nothing: its shape, its accounts, its names and its
 * keys are all checked before anything is stored. A seed applied in order
 * used to leave its first projects behind when a later key was refused,
 * and a test that retried then saw a half-seeded cloud.
 */
type Defaulted<T> = Omit<T, 'accountId' | 'region'> & {
  readonly accountId?: string;
  readonly region?: string;
};

/** A Logstore seed: wire-shaped fields, the demo account by default. */
export type LogstoreSeed = Partial<Pick<SeedLogstore, 'accountId'>> &
  Pick<SeedLogstore, 'project' | 'logstoreName'> &
  Readonly<Record<string, unknown>>;

/** What a seed may say; account and region default to the demo's. */
export interface SeedInput {
  readonly accounts?: readonly SeedAccount[];
  readonly projects?: readonly Defaulted<SeedProject>[];
  readonly logstores?: readonly LogstoreSeed[];
  readonly keys?: readonly Defaulted<SeedKey>[];
}

export interface SeedResult {
  readonly keyIds: string[];
}

export class InvalidSeedError extends Error {
  readonly code = 'invalid_seed';
  readonly retryable = false;
  readonly status = 400;
}

export interface SeedTargets {
  readonly accounts: AccountRegistry;
  readonly sls: SlsService;
  readonly kms: KmsService;
  readonly defaultAccountId: string;
  readonly defaultRegion: string;
}

const checked = <T>(step: () => T): T => {
  try {
    return step();
  } catch (error) {
    if (error instanceof InvalidSeedError) throw error;
    throw new InvalidSeedError((error as Error).message, { cause: error });
  }
};

export const applySeed = (targets: SeedTargets, raw: SeedInput): SeedResult => {
  const parsed = seedSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidSeedError(problemOf(parsed.error));
  const input = parsed.data as SeedInput;
  const account = (id: string | undefined) => id ?? targets.defaultAccountId;
  const region = (id: string | undefined) => id ?? targets.defaultRegion;

  const seeded = new Set((input.accounts ?? []).map((a) => a.accountId));
  const owners = [
    ...(input.projects ?? []),
    ...(input.logstores ?? []),
    ...(input.keys ?? []),
  ].map((entry) => account(entry.accountId));
  for (const owner of owners) {
    if (!seeded.has(owner) && !targets.accounts.has(owner)) {
      throw new InvalidSeedError(
        `account ${owner} is not seeded; add it under accounts first`,
      );
    }
  }
  const storeSls = checked(() =>
    targets.sls.planSeed({
      projects: (input.projects ?? []).map((project) => ({
        ...project,
        accountId: account(project.accountId),
        region: region(project.region),
      })),
      logstores: (input.logstores ?? []).map(
        (logstore) =>
          ({
            ...logstore,
            accountId: account(logstore.accountId),
          }) as SeedLogstore,
      ),
    }),
  );
  const keys = checked(() =>
    targets.kms.planKeys(
      (input.keys ?? []).map((key) => ({
        ...key,
        accountId: account(key.accountId),
        region: region(key.region),
      })),
    ),
  );

  for (const entry of input.accounts ?? []) targets.accounts.seed(entry);
  storeSls();
  keys.apply();
  return { keyIds: keys.keyIds };
};
