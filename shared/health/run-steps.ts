import type { Deadline } from '../deadline.ts';
import { recoverAlerts } from './alert-recovery.ts';
import { createCallGuard } from './call-guard.ts';
import { deliver, type SendNotices } from './deliver.ts';
import { evaluate } from './evaluate.ts';
import { HEARTBEAT_TIMEOUT_MS, sendHeartbeat } from './heartbeat.ts';
import { reconcile } from './lifecycle.ts';
import type { RunDeps, RunRequest } from './run.ts';
import { gather } from './run-gather.ts';
import { DEFAULT_RUN_OPTIONS } from './run-options.ts';
import type { RunSummary } from './summary.ts';

/**
 * The steps of one run, in order: load state, gather bindings and key
 * answers, judge them, reconcile alerts, save, send, report. A dry run
 * does all of it but the saving and the sending.
 */
type StepDeps = RunDeps & {
  readonly send: SendNotices;
  readonly scanDeadline: Deadline;
};

const codeOf = (error: unknown): unknown =>
  typeof error === 'object' && error !== null
    ? (error as { code?: unknown }).code
    : undefined;

export const runSteps = async (
  request: RunRequest,
  deps: StepDeps,
): Promise<RunSummary> => {
  const { settings, clock, logger, store } = deps;
  const started = clock.now();
  const options =
    request.kind === 'scan' ? request.options : DEFAULT_RUN_OPTIONS;
  const { dryRun } = options;
  const [cached, loaded, scan] = await Promise.all([
    store.loadBindings(),
    store.loadAlerts(),
    store.loadScan(),
  ]);
  const { previous, recovered, leftAlone } = recoverAlerts(
    loaded,
    store.unreadableAlerts?.(),
    settings.channels.map((c) => c.name),
    started,
  );
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
        code: codeOf(error),
      }),
  });

  const gathered = await gather({
    target:
      request.kind === 'scan'
        ? {
            kind: 'scan',
            regions: options.regions ?? settings.regions,
            fullRefresh: options.fullRefresh,
          }
        : { kind: 'keys', changes: request.changes },
    cached,
    scan,
    settings,
    clients: deps.clients(deps.scanDeadline),
    guard,
    deadline: deps.scanDeadline,
    now: () => clock.now(),
    logger,
  });
  const { inventory, cutShort } = gathered;
  if (!dryRun) {
    await Promise.all([
      ...inventory.read.map((b) => store.saveBinding(b)),
      ...inventory.removed.map((b) =>
        store.deleteBinding(b.project, b.logstore),
      ),
    ]);
  }
  if (gathered.refreshed.length > 0 && !dryRun) {
    const at = clock.now();
    await store.saveScan({
      fullRefreshAt: {
        ...scan.fullRefreshAt,
        ...Object.fromEntries(gathered.refreshed.map((r) => [r, at])),
      },
    });
  }

  const now = clock.now();
  const fullScan = request.kind === 'scan' && !cutShort;
  const evaluation = evaluate({
    bindings: gathered.bindings,
    checks: gathered.checks,
    unchecked: gathered.unchecked,
    scope: {
      fullScan,
      scannedRegions: new Set(fullScan ? gathered.regions : []),
      // A scan the deadline cut short still says what it could not
      // list; only a full scan may clear a coverage alert.
      listedRegions: new Set(request.kind === 'scan' ? gathered.regions : []),
      gaps: inventory.gaps,
      cutShort,
    },
    previous,
    policy: { ...settings, encryption: settings.encryptionPolicy },
    silences: settings.silences,
    minSeverity: options.minSeverity,
    now,
  });
  const { records, changed } = reconcile({
    records: previous,
    drafts: evaluation.drafts.filter((d) => !leftAlone.has(d.alertId)),
    resolution: evaluation.resolution,
    mutedIds: evaluation.mutedIds,
    now,
    timeZone: settings.timeZone,
  });
  for (const id of recovered) changed.add(id);
  // Saved before sending: an alert that is written down but not yet
  // delivered is pending, and the next run sends it.
  if (!dryRun) {
    await Promise.all(
      [...changed].flatMap((id) => {
        const record = records.get(id);
        return record === undefined ? [] : [store.saveAlert(record)];
      }),
    );
  }
  const firing = [...records.values()].filter((r) => r.status === 'firing');
  const resolved = [...changed].filter(
    (id) => records.get(id)?.status === 'resolved',
  );
  const channels = await deliver({
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
    store,
    dryRun,
    now: () => clock.now(),
  });
  const undelivered = Object.values(channels).some((c) => c.failed > 0);
  const heartbeat =
    !fullScan || dryRun
      ? 'skipped'
      : undelivered && settings.heartbeatUrl !== undefined
        ? 'withheld'
        : await sendHeartbeat(settings.heartbeatUrl, {
            // Never past the deadline: the run's work is already saved.
            timeoutMs: Math.min(
              HEARTBEAT_TIMEOUT_MS,
              deps.deadline.remainingMs(),
            ),
            ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
          });

  return {
    event: 'key_health.run',
    trigger: request.kind === 'scan' ? request.trigger : 'kms_event',
    outcome: cutShort ? 'partial' : 'complete',
    dryRun,
    regions: [...gathered.regions],
    projects: inventory.projects,
    logstores: inventory.logstores,
    bindingsRead: inventory.read.length,
    keys: evaluation.keys,
    findings: evaluation.findings,
    carriedOver: evaluation.carriedOver,
    silenced: evaluation.silenced,
    alerts: { firing: firing.length, resolved: resolved.length },
    channels,
    calls: guard.counts(),
    coverageGaps: inventory.gaps.length,
    heartbeat,
    warnings: request.warnings,
    durationMs: clock.now() - started,
  };
};
