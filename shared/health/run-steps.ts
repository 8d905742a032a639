import type { Deadline } from '../deadline.ts';
import type { Binding } from './binding.ts';
import { createCallGuard } from './call-guard.ts';
import { type DeliveryInput, deliver, type SendNotices } from './deliver.ts';
import { type EvaluationScope, evaluate } from './evaluate.ts';
import { sendHeartbeat } from './heartbeat.ts';
import { type InventoryResult, runInventory } from './inventory.ts';
import { checkKeys, type KeyRef, keysOf } from './key-checks.ts';
import { reconcile } from './lifecycle.ts';
import { perRegion } from './rate-limiter.ts';
import type { RunDeps, RunRequest } from './run.ts';
import { DEFAULT_RUN_OPTIONS } from './run-options.ts';
import type { RunSummary } from './summary.ts';

/**
 * The steps of one run, in order: load state, scan (or pick the changed
 * keys), read the keys, evaluate, reconcile alerts, send, save, report.
 */
type StepDeps = RunDeps & {
  readonly send: SendNotices;
  readonly scanDeadline: Deadline;
};

const saveInventory = async (deps: StepDeps, inventory: InventoryResult) => {
  await Promise.all([
    ...inventory.read.map((b) => deps.store.saveBinding(b)),
    ...inventory.removed.map((b) =>
      deps.store.deleteBinding(b.project, b.logstore),
    ),
  ]);
};

/** Keys named by KMS change events, from the cached bindings. */
const changedKeys = (
  request: Extract<RunRequest, { kind: 'keys' }>,
  bindings: readonly Binding[],
): { refs: KeyRef[]; unknownRegions: Set<string> } => {
  const all = keysOf(bindings);
  const refs = new Map<string, KeyRef>();
  const unknownRegions = new Set<string>();
  for (const change of request.changes) {
    const matching = all.filter(
      (ref) =>
        (change.keyId === undefined || ref.keyId === change.keyId) &&
        (change.region === undefined || ref.region === change.region),
    );
    if (matching.length === 0 && change.region !== undefined) {
      unknownRegions.add(change.region);
    }
    for (const ref of matching) refs.set(`${ref.region}/${ref.keyId}`, ref);
  }
  return { refs: [...refs.values()], unknownRegions };
};

export const runSteps = async (
  request: RunRequest,
  deps: StepDeps,
): Promise<RunSummary> => {
  const { settings, clock, logger } = deps;
  const started = clock.now();
  const options =
    request.kind === 'scan' ? request.options : DEFAULT_RUN_OPTIONS;
  const dryRun = options.dryRun;
  const [cached, previous, scan] = await Promise.all([
    deps.store.loadBindings(),
    deps.store.loadAlerts(),
    deps.store.loadScan(),
  ]);
  const guard = createCallGuard({
    deadline: deps.scanDeadline,
    clock,
    random: deps.random,
    concurrency: settings.concurrency,
    hostConcurrency: settings.projectConcurrency,
    onRetry: (operation, error, delayMs) =>
      logger.warn({
        event: 'call.retry',
        operation,
        delayMs,
        code: (error as { code?: unknown }).code,
      }),
  });
  const clients = deps.clients(deps.scanDeadline);
  const inventoryOf = (regions: readonly string[], refresh: boolean) =>
    runInventory({
      regions,
      projectPatterns: settings.projectPatterns,
      cached,
      refreshDue: (region) =>
        refresh &&
        clock.now() - (scan.fullRefreshAt[region] ?? 0) >=
          settings.fullRefreshMs,
      sls: (region) => clients.sls(region),
      guard,
      now: () => clock.now(),
      logger,
    });

  let bindings: readonly Binding[] = cached;
  let inventory: InventoryResult | undefined;
  let refs: KeyRef[];
  let regions: readonly string[];
  if (request.kind === 'scan') {
    regions = options.regions ?? settings.regions;
    inventory = await inventoryOf(regions, true);
    bindings = inventory.bindings;
    const scanned = new Set(regions);
    refs = keysOf(bindings.filter((b) => scanned.has(b.projectRegion)));
  } else {
    const first = changedKeys(request, cached);
    regions = [...first.unknownRegions];
    if (regions.length > 0) {
      inventory = await inventoryOf(regions, false);
      bindings = inventory.bindings;
    }
    refs = changedKeys(request, bindings).refs;
  }
  if (inventory !== undefined && !dryRun) {
    await saveInventory(deps, inventory);
  }
  const checks = await checkKeys(refs, {
    kms: (region) => clients.kms(region),
    guard,
    rate: perRegion(settings.kmsQps),
  });
  const cutShort = deps.scanDeadline.expired();
  // Keys the deadline kept from being read are unknown, not unverified:
  // their earlier alerts stay as they were.
  if (cutShort) {
    for (const [id, check] of checks) {
      if (check.outcome === 'failed') checks.delete(id);
    }
  }
  if (
    request.kind === 'scan' &&
    inventory !== undefined &&
    !dryRun &&
    !cutShort
  ) {
    const due = (r: string) =>
      options.fullRefresh ||
      clock.now() - (scan.fullRefreshAt[r] ?? 0) >= settings.fullRefreshMs;
    const refreshed = [...inventory.complete].filter(due);
    if (refreshed.length > 0) {
      const now = clock.now();
      await deps.store.saveScan({
        fullRefreshAt: {
          ...scan.fullRefreshAt,
          ...Object.fromEntries(refreshed.map((r) => [r, now])),
        },
      });
    }
  }

  const scope: EvaluationScope = {
    fullScan: request.kind === 'scan' && !cutShort,
    scannedRegions: new Set(
      request.kind === 'scan' && !cutShort ? regions : [],
    ),
    gaps: inventory?.gaps ?? [],
  };
  const now = clock.now();
  const evaluation = evaluate({
    bindings,
    checks,
    scope,
    previous,
    policy: { ...settings, encryption: settings.encryptionPolicy },
    silences: settings.silences,
    minSeverity: options.minSeverity,
    now,
  });
  const reconciled = reconcile({
    records: previous,
    drafts: evaluation.drafts,
    resolution: evaluation.resolution,
    mutedIds: evaluation.mutedIds,
    now,
    timeZone: settings.timeZone,
  });
  if (!dryRun) {
    await Promise.all(
      [...reconciled.changed].flatMap((id) => {
        const record = reconciled.records.get(id);
        return record === undefined ? [] : [deps.store.saveAlert(record)];
      }),
    );
  }
  const records = reconciled.records;
  const firing = [...records.values()].filter(
    (r) => r.status === 'firing',
  ).length;
  const resolved = [...reconciled.changed].filter(
    (id) => records.get(id)?.status === 'resolved',
  ).length;
  const delivery: DeliveryInput = {
    records,
    channels: settings.channels,
    plan: {
      now,
      timeZone: settings.timeZone,
      repeat: {
        critical: settings.repeatCriticalMs,
        warning: settings.repeatWarningMs,
        unverified: settings.repeatWarningMs,
      },
    },
    send: deps.send,
    store: deps.store,
    dryRun,
    now: () => clock.now(),
  };
  const channels = await deliver(delivery);
  const complete = !cutShort;
  const heartbeat =
    request.kind === 'scan' && complete && !dryRun
      ? await sendHeartbeat(
          settings.heartbeatUrl,
          deps.fetch === undefined ? {} : { fetch: deps.fetch },
        )
      : 'skipped';

  return {
    event: 'key_health.run',
    trigger: request.kind === 'scan' ? request.trigger : 'kms_event',
    outcome: complete ? 'complete' : 'partial',
    dryRun,
    regions: [...regions],
    projects: inventory?.projects ?? 0,
    logstores: inventory?.logstores ?? 0,
    bindingsRead: inventory?.read.length ?? 0,
    keys: evaluation.keys,
    findings: evaluation.findings,
    silenced: evaluation.silenced,
    alerts: { firing, resolved },
    channels,
    calls: guard.counts(),
    coverageGaps: inventory?.gaps.length ?? 0,
    heartbeat,
    warnings: request.warnings,
    durationMs: clock.now() - started,
  };
};
