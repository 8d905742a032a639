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
import { applySeed, type SeedInput, type SeedResult } from './seeding.ts';
import type { SinkService } from './sink/service.ts';
import type { SlsService } from './sls/service.ts';
import type { EmulatorClock, StsCredentials } from './types.ts';

export type { LogstoreSeed, SeedInput, SeedResult } from './seeding.ts';

export interface Control {
  /** All or nothing; throws InvalidSeedError naming the first problem. */
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
  const seed = (input: SeedInput): SeedResult => applySeed(parts, input);

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
