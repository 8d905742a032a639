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
 * What a run learns before judging anything: the bindings (from a scan,
 * or from the cache for KMS change events) and one DescribeKey answer
 * per key in scope.
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
  readonly inventory?: InventoryResult;
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

/** Keys named by KMS change events, from the bindings known so far. */
const changedKeys = (
  changes: readonly KmsChange[],
  bindings: readonly Binding[],
): { refs: KeyRef[]; unknownRegions: string[] } => {
  const all = keysOf(bindings);
  const refs = new Map<string, KeyRef>();
  const unknownRegions = new Set<string>();
  for (const change of changes) {
    const matching = all.filter(
      (ref) =>
        (change.keyId === undefined || ref.keyId === change.keyId) &&
        (change.region === undefined || ref.region === change.region),
    );
    if (matching.length === 0 && change.region !== undefined) {
      unknownRegions.add(change.region);
    }
    for (const ref of matching) refs.set(keyRefId(ref), ref);
  }
  return { refs: [...refs.values()], unknownRegions: [...unknownRegions] };
};

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

  let inventory: InventoryResult | undefined;
  let refs: KeyRef[];
  let regions: readonly string[];
  if (target.kind === 'scan') {
    regions = target.regions;
    inventory = await inventoryOf(regions);
    const scanned = new Set(regions);
    refs = keysOf(
      inventory.bindings.filter((b) => scanned.has(b.projectRegion)),
    );
  } else {
    // A Logstore created since the last scan may depend on the changed
    // key too, and an alert that leaves it out would stay wrong until its
    // repeat interval. So the event's region is listed first: cached
    // bindings are not read again, only new Logstores cost a GetLogStore.
    regions = [
      ...new Set(
        target.changes.flatMap((change) =>
          change.region === undefined ? [] : [change.region],
        ),
      ),
    ];
    if (regions.length > 0) inventory = await inventoryOf(regions);
    refs = changedKeys(
      target.changes,
      inventory?.bindings ?? input.cached,
    ).refs;
  }
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
    bindings: inventory?.bindings ?? input.cached,
    ...(inventory === undefined ? {} : { inventory }),
    regions,
    refreshed:
      inventory === undefined || cutShort
        ? []
        : [...inventory.complete].filter(refreshDue),
    checks,
    unchecked,
    cutShort,
  };
};
