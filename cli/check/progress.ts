import cliProgress from 'cli-progress';
import type { VendorClients } from '../../shared/health/run.ts';
import type { OutputStream } from '../io.ts';

/**
 * Progress of a check, shown on a terminal only (standard error, so
 * `--json` output stays clean when piped). The total is not known up
 * front: every project and Logstore listed adds calls. The bar counts
 * vendor calls finished against calls started, and names the step.
 */
export interface CallProgress {
  started(operation: string): void;
  finished(operation: string): void;
  stop(): void;
}

const STEP: Readonly<Record<string, string>> = {
  listProjects: 'listing projects',
  getProject: 'reading projects',
  listLogstores: 'listing Logstores',
  getLogstore: 'reading Logstores',
  describeKey: 'checking keys',
};

const silent: CallProgress = {
  started: () => {},
  finished: () => {},
  stop: () => {},
};

export const createProgress = (stream: OutputStream): CallProgress => {
  if (stream.isTTY !== true) return silent;
  const bar = new cliProgress.SingleBar(
    {
      // The real stream: isTTY is only true for process.stderr.
      stream: stream as unknown as NodeJS.WritableStream,
      format: 'checking {bar} {value}/{total} calls | {step}',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let total = 0;
  let done = 0;
  bar.start(0, 0, { step: 'starting' });

  return {
    started(operation) {
      total += 1;
      bar.setTotal(total);
      bar.update(done, { step: STEP[operation] ?? operation });
    },
    finished() {
      done += 1;
      bar.update(done);
    },
    stop: () => bar.stop(),
  };
};

/** Wraps every port method so each call is counted as it starts and ends. */
const observed = <T extends object>(api: T, progress: CallProgress): T =>
  Object.fromEntries(
    Object.entries(api).map(([name, method]) => [
      name,
      typeof method === 'function'
        ? async (...args: unknown[]) => {
            progress.started(name);
            try {
              return await (method as (...a: unknown[]) => unknown)(...args);
            } finally {
              progress.finished(name);
            }
          }
        : method,
    ]),
  ) as T;

export const observeClients = (
  clients: VendorClients,
  progress: CallProgress,
): VendorClients => ({
  sls: (region) => observed(clients.sls(region), progress),
  kms: (region) => observed(clients.kms(region), progress),
});
