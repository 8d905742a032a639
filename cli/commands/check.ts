import { clientsFor } from '../../functions/key-health/clients.ts';
import { systemRandom } from '../../shared/clock.ts';
import { parseKeyHealthConfig } from '../../shared/config/key-health.ts';
import { createDeadline } from '../../shared/deadline.ts';
import { KeyguardError } from '../../shared/errors.ts';
import { runKeyHealth } from '../../shared/health/run.ts';
import { DEFAULT_RUN_OPTIONS } from '../../shared/health/run-options.ts';
import { isSeverity, type Severity } from '../../shared/health/severity.ts';
import type { RunSummary } from '../../shared/health/summary.ts';
import { createLogger } from '../../shared/logging.ts';
import { currentAlerts, findingsTable } from '../check/findings-table.ts';
import { createMemoryStore } from '../check/memory-store.ts';
import { createProgress, observeClients } from '../check/progress.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { resolveTarget, type TargetOptions, targetClock } from '../target.ts';

/**
 * `keyguard check`: one key-health scan, the same core the deployed
 * function runs, against the local cloud or the real one. It reads and
 * reports only: no alert is sent, no heartbeat pinged, no state written.
 * Exit 0 when nothing is critical, 2 when something is, 1 when the check
 * itself failed or could not finish. Keys it could not read are
 * findings of their own (unverified) and a line on stderr, not an exit
 * status: a script reading 0 as "all healthy" would be misled either way,
 * and one reading 1 as "the tool broke" would be misled by 1.
 */
export interface CheckOptions extends TargetOptions {
  readonly json?: boolean;
  readonly regions?: string;
  readonly minSeverity?: string;
  /** Seconds the scan may take. */
  readonly timeout?: string;
  readonly verbose?: boolean;
}

export const DEFAULT_CHECK_TIMEOUT_S = 300;

const usage = (message: string): KeyguardError =>
  new KeyguardError(message, { code: 'usage', status: 400 });

const seconds = (text: string | undefined): number => {
  if (text === undefined) return DEFAULT_CHECK_TIMEOUT_S;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > 86_400) {
    throw usage('--timeout takes seconds, from 1 to 86400');
  }

  return value;
};

const minimum = (text: string | undefined): Severity => {
  if (text === undefined) return DEFAULT_RUN_OPTIONS.minSeverity;
  if (!isSeverity(text)) {
    throw usage('--min-severity is unverified, warning or critical');
  }

  return text;
};

/**
 * What a check concludes from its run. Something critical is reported as
 * such even when the scan was incomplete; otherwise a scan cut short, or
 * one that could not list a region, is a failed check: "nothing critical"
 * would claim more than it saw.
 */
export const exitCodeOf = (summary: RunSummary): ExitCode => {
  if (summary.findings.critical > 0) return EXIT.critical;
  if (summary.outcome !== 'complete' || summary.coverageGaps > 0) {
    return EXIT.failure;
  }

  return EXIT.ok;
};

/**
 * Keys that could not be read (a RAM denial, KMS out of reach) do not
 * change the exit status: 0 promises "nothing critical seen", as the
 * issue asked, not "every key healthy". So the check says it aloud, on
 * stderr to keep --json output whole.
 */
export const unverifiedNote = (summary: RunSummary): string | undefined => {
  const count = summary.keys.unverified;
  if (count === 0) return undefined;

  return (
    `keyguard: ${count} key(s) could not be verified, so their state is ` +
    'unknown (see the unverified findings); they do not change the exit ' +
    'status\n'
  );
};

const summaryLine = (summary: RunSummary): string => {
  const { findings, keys } = summary;
  const partial =
    summary.outcome === 'partial'
      ? ' (incomplete: the time ran out)'
      : summary.coverageGaps > 0
        ? ` (incomplete: ${summary.coverageGaps} scope(s) could not be listed)`
        : '';

  return (
    `${keys.checked} key(s) checked in ${summary.regions.join(', ')}: ` +
    `${keys.ok} ok; findings: ${findings.critical} critical, ` +
    `${findings.warning} warning, ${findings.unverified} unverified` +
    `${partial}\n`
  );
};

export const runCheck = async (
  options: CheckOptions,
  io: CliIo,
): Promise<ExitCode> => {
  const target = resolveTarget(options, io.env);
  const budgetMs = seconds(options.timeout) * 1_000;
  const minSeverity = minimum(options.minSeverity);
  const clock = await targetClock(target);
  // The state directory is never used (the check keeps its state in
  // memory), but the config module insists on one in cloud mode.
  const config = parseKeyHealthConfig({
    ...target.env,
    KEYGUARD_STATE_DIR: target.env.KEYGUARD_STATE_DIR ?? '.keyguard',
  });
  const regions = options.regions
    ?.split(',')
    .map((region) => region.trim())
    .filter((region) => region !== '');
  const store = createMemoryStore();
  const progress = createProgress(io.stderr);
  // Warnings (a retried call, a scope left unlisted) explain a slow or
  // incomplete check, so they show by default; --verbose adds the rest.
  const logger = createLogger({
    level: options.verbose === true ? 'info' : 'warn',
    destination: { write: (line: string) => io.stderr.write(line) },
  });
  const { heartbeatUrl: _heartbeat, ...settings } = config;
  let summary: RunSummary;
  try {
    summary = await runKeyHealth(
      {
        kind: 'scan',
        trigger: 'invoke',
        options: {
          ...DEFAULT_RUN_OPTIONS,
          minSeverity,
          fullRefresh: true,
          ...(regions === undefined || regions.length === 0 ? {} : { regions }),
        },
        warnings: [],
      },
      {
        settings: { ...settings, channels: [] },
        clients: (deadline) =>
          observeClients(
            clientsFor(config.common, target.credentials, deadline),
            progress,
          ),
        store,
        clock,
        random: systemRandom,
        logger,
        deadline: createDeadline(clock, budgetMs),
      },
    );
  } finally {
    progress.stop();
  }

  const alerts = currentAlerts(store.alerts);
  if (options.json === true) {
    // The check never sends (it has no channels), so key-health's dryRun
    // flag, always false here, would only mislead.
    const { dryRun: _neverSends, ...shown } = summary;
    const body = {
      summary: shown,
      findings: alerts.map((alert) => ({
        ...alert.notice,
        silenced: alert.muted,
      })),
    };
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    if (alerts.length > 0) {
      io.stdout.write(`${findingsTable(alerts, io.stdout.columns)}\n`);
    }
    io.stdout.write(summaryLine(summary));
  }
  const note = unverifiedNote(summary);
  if (note !== undefined) io.stderr.write(note);

  return exitCodeOf(summary);
};
