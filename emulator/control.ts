import type { AccountRegistry } from './accounts.ts';
import type { LocalEventBus } from './event-bus.ts';
import type { FaultSpec } from './fault-spec.ts';
import type { FaultInjector, FaultView } from './faults.ts';
import type { KmsService } from './kms/service.ts';
import type {
  RequestFilter,
  RequestLog,
  RequestLogEntry,
} from './request-log.ts';
import type { SinkService } from './sink/service.ts';
import type { SlsService } from './sls/service.ts';
import type {
  EmulatorClock,
  SeedAccount,
  SeedKey,
  SeedLogstore,
  SeedProject,
  StsCredentials,
} from './types.ts';

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

export interface Control {
  seed(input: SeedInput): SeedResult;
  issueStsToken(accountId: string, ttlMs: number): StsCredentials;
  readonly clock: EmulatorClock;
  readonly faults: {
    add(spec: FaultSpec): number;
    remove(id: number): void;
    clear(): void;
    list(): FaultView[];
  };
  requests(filter?: RequestFilter): RequestLogEntry[];
  /** Calls per `service:operation`. */
  callCounts(filter?: RequestFilter): Record<string, number>;
  clearRequests(): void;
  /** Empties everything, then applies the start-up seed again. */
  reset(): void;
}

export interface ControlParts {
  readonly clock: EmulatorClock;
  readonly accounts: AccountRegistry;
  readonly faults: FaultInjector;
  readonly requestLog: RequestLog;
  readonly events: LocalEventBus;
  readonly sls: SlsService;
  readonly kms: KmsService;
  readonly sink: SinkService;
  readonly defaultAccountId: string;
  readonly defaultRegion: string;
  readonly initialSeed: SeedInput;
}

export const createControl = (parts: ControlParts): Control => {
  const account = (id: string | undefined) => id ?? parts.defaultAccountId;
  const region = (id: string | undefined) => id ?? parts.defaultRegion;

  const seed = (input: SeedInput): SeedResult => {
    for (const entry of input.accounts ?? []) parts.accounts.seed(entry);
    for (const project of input.projects ?? []) {
      parts.sls.seedProject({
        ...project,
        accountId: account(project.accountId),
        region: region(project.region),
      });
    }
    const keyIds = (input.keys ?? []).map((key) =>
      parts.kms.seedKey({
        ...key,
        accountId: account(key.accountId),
        region: region(key.region),
      }),
    );
    for (const logstore of input.logstores ?? []) {
      parts.sls.seedLogstore({
        ...logstore,
        project: logstore.project,
        logstoreName: logstore.logstoreName,
        accountId: account(logstore.accountId),
      } as SeedLogstore);
    }
    return { keyIds };
  };

  const control: Control = {
    seed,
    issueStsToken: (accountId, ttlMs) =>
      parts.accounts.issueStsToken(accountId, ttlMs),
    clock: parts.clock,
    faults: {
      add: (spec) => parts.faults.add(spec),
      remove: (id) => parts.faults.remove(id),
      clear: () => parts.faults.clear(),
      list: () => parts.faults.list(),
    },
    requests: (filter) => parts.requestLog.list(filter),
    callCounts: (filter) => parts.requestLog.counts(filter),
    clearRequests: () => parts.requestLog.clear(),
    reset() {
      parts.faults.clear();
      parts.requestLog.clear();
      parts.events.reset();
      parts.accounts.reset();
      parts.sls.reset();
      parts.kms.reset();
      parts.sink.reset();
      parts.clock.set(Date.now());
      seed(parts.initialSeed);
    },
  };
  return control;
};
