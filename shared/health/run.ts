import { sendNotices } from '../channels/send.ts';
import type { ChannelConfig } from '../channels/types.ts';
import type { Clock, Random } from '../clock.ts';
import type { Deadline } from '../deadline.ts';
import type { KmsApi } from '../kms/key-metadata.ts';
import type { Logger } from '../logging.ts';
import type { SlsApi } from '../sls/logstore.ts';
import type { EncryptionPolicy } from './binding-rules.ts';
import type { SendNotices } from './deliver.ts';
import type { KeyRulePolicy } from './key-rules.ts';
import type { KmsChange } from './kms-event.ts';
import type { RunOptions } from './run-options.ts';
import { runSteps } from './run-steps.ts';
import type { Silence } from './silences.ts';
import type { StateStore } from './state-store.ts';
import type { RunSummary } from './summary.ts';

/**
 * key-health's core entry: one run, from a timer or direct invoke (a
 * scan) or from KMS change events (a re-check of the named keys). It
 * knows nothing of FC events or SDK types.
 */
export type RunRequest =
  | {
      readonly kind: 'scan';
      readonly trigger: 'timer' | 'invoke';
      readonly options: RunOptions;
      readonly warnings: readonly string[];
    }
  | {
      readonly kind: 'keys';
      readonly changes: readonly KmsChange[];
      readonly warnings: readonly string[];
    };

export interface RunSettings extends KeyRulePolicy {
  readonly regions: readonly string[];
  readonly projectPatterns: readonly string[];
  readonly encryptionPolicy: EncryptionPolicy;
  readonly repeatCriticalMs: number;
  readonly repeatWarningMs: number;
  readonly timeZone: string;
  readonly silences: readonly Silence[];
  readonly heartbeatUrl?: string;
  readonly concurrency: number;
  readonly projectConcurrency: number;
  readonly kmsQps: number;
  readonly fullRefreshMs: number;
  readonly channels: readonly ChannelConfig[];
}

export interface VendorClients {
  sls(region: string): SlsApi;
  kms(region: string): KmsApi;
}

export interface RunDeps {
  readonly settings: RunSettings;
  /** Clients whose every call ends by the given deadline. */
  readonly clients: (deadline: Deadline) => VendorClients;
  readonly store: StateStore;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  readonly deadline: Deadline;
  /** Replaces the real channels, for tests of the core alone. */
  readonly send?: SendNotices;
  readonly fetch?: typeof fetch;
}

/**
 * Time kept back from the scan for sending and saving: a third of the
 * budget, at least 3 s (or half of a very short budget) and at most
 * 30 s. Channels retry rate limits within it (DingTalk and Slack ask for
 * seconds, not minutes).
 */
export const sendReserveMs = (budgetMs: number): number =>
  Math.min(
    30_000,
    Math.max(Math.min(3_000, budgetMs / 2), Math.floor(budgetMs / 3)),
  );

export const runKeyHealth = async (
  request: RunRequest,
  deps: RunDeps,
): Promise<RunSummary> => {
  const send: SendNotices =
    deps.send ??
    ((channel, notices) =>
      sendNotices(channel, notices, {
        clock: deps.clock,
        random: deps.random,
        deadline: deps.deadline.at,
        logger: deps.logger,
        ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
      }));
  const budget = deps.deadline.remainingMs();
  const scanDeadline = deps.deadline.child(budget - sendReserveMs(budget));
  return runSteps(request, { ...deps, send, scanDeadline });
};
