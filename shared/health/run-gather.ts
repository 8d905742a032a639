import type { Deadline } from '../deadline.ts';
import { isKeyguardError } from '../errors.ts';
import type { Logger } from '../logging.ts';
import type { Binding } from './binding.ts';
import type { CallGuard } from './call-guard.ts';
import { type InventoryResult, runInventory } from './inventory.ts';
import {
  checkKeys,
  type KeyCheck,
  type KeyRef,
  keyRefId,
  keysOf,
} from './key-checks.ts';
import type { KmsChange } from './kms-event.ts';
import { perRegion } from './rate-limiter.ts';
import type { RunSettings, VendorClients } from './run.ts';
import type { ScanState } from './state-schema.ts';

/**
 * What a run learns before judging anything: the bindings of the
 * regions in scope (listed afresh, read from the cache where known) and
 * one DescribeKey answer per key in scope: every key on a scan, the keys
 * KMS change events name on an event run.
 */
export interface GatherInput {
  readonly target:
    | {
        readonly kind: 'scan';
        readonly regions: readonly string[];
        readonly fullRefresh: boolean;
      }
    | { readonly kind: 'keys'; readonly changes: readonly KmsChange[] };
  readonly cached: readonly Binding[];
  readonly scan: ScanState;
  readonly settings: RunSettings;
  readonly clients: VendorClients;
  readonly guard: CallGuard;
  readonly deadline: Deadline;
  readonly now: () => number;
  readonly logger: Logger;
}

export interface Gathered {
  readonly bindings: readonly Binding[];
  readonly inventory: InventoryResult;
  /** Regions listed this run. */
  readonly regions: readonly string[];
  /** Regions whose every binding was read afresh, completely. */
  readonly refreshed: readonly string[];
  readonly checks: Map<string, KeyCheck>;
  /** Keys in scope the deadline kept from being read. */
  readonly unchecked: readonly KeyRef[];
  /** The deadline ended the gathering before it was done. */
  readonly cutShort: boolean;
}

const isTransient = (error: unknown): boolean =>
  isKeyguardError(error) && error.retryable;

/** Keys named by KMS change events, among the bindings in scope. */
const changedKeys = (
  changes: readonly KmsChange[],
  bindings: readonly Binding[],
): KeyRef[] =>
  keysOf(bindings).filter((ref) =>
    changes.some(
      (change) =>
        (change.keyId === undefined || ref.keyId === change.keyId) &&
        (change.region === undefined || ref.region === change.region),
    ),
  );

export const gather = async (input: GatherInput): Promise<Gathered> => {
  const { settings, target } = input;
  const refreshDue = (region: string): boolean =>
    target.kind === 'scan' &&
    (target.fullRefresh ||
      input.now() - (input.scan.fullRefreshAt[region] ?? 0) >=
        settings.fullRefreshMs);
  const inventoryOf = (regions: readonly string[]) =>
    runInventory({
      regions,
      projectPatterns: settings.projectPatterns,
      cached: input.cached,
      refreshDue,
      sls: (region) => input.clients.sls(region),
      guard: input.guard,
      now: input.now,
      logger: input.logger,
    });

  // An event run looks where a timer run looks. The event names the
  // key's KMS region, which need not be the region of any project whose
  // Logstores use the key (K5), and a key of a region outside the
  // configuration is not this checker's to alert about. Listing also
  // finds a Logstore created since the last scan; cached bindings are
  // not read again, so only new Logstores cost a GetLogStore.
  const regions = target.kind === 'scan' ? target.regions : settings.regions;
  const inventory = await inventoryOf(regions);
  const scanned = new Set(regions);
  const inScope = inventory.bindings.filter((b) =>
    scanned.has(b.projectRegion),
  );
  const refs =
    target.kind === 'scan'
      ? keysOf(inScope)
      : changedKeys(target.changes, inScope);
  const checks = await checkKeys(refs, {
    kms: (region) => input.clients.kms(region),
    guard: input.guard,
    rate: perRegion(settings.kmsQps),
  });
  const cutShort = input.deadline.expired();
  // A key whose retries the deadline ended was never really answered:
  // it is unchecked, not failed (a refusal such as access denied is
  // still a failure, deadline or not).
  const unchecked: KeyRef[] = [];
  if (cutShort) {
    for (const ref of refs) {
      const check = checks.get(keyRefId(ref));
      if (check?.outcome === 'failed' && isTransient(check.error)) {
        checks.delete(keyRefId(ref));
        unchecked.push(ref);
      }
    }
  }
  return {
    bindings: inventory.bindings,
    inventory,
    regions,
    refreshed: cutShort ? [] : [...inventory.complete].filter(refreshDue),
    checks,
    unchecked,
    cutShort,
  };
};
