import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_ACCESS_KEY } from '../emulator/demo.ts';
import { fcContext, timerEvent } from '../emulator/fc-runtime.ts';
import type { RunSummary } from '../shared/health/summary.ts';
import type { CloudClient } from './cloud-client.ts';
import {
  addedLogstores,
  type InventoryShape,
  inventorySeed,
  logstoreSeed,
  planInventory,
} from './inventory.ts';
import { runOnce } from './runner.ts';

/**
 * key-health scans of a generated inventory, each in a fresh process
 * loading the deployment bundle with the configuration's defaults, as a
 * timer would start it. Calls are counted by the local cloud's request
 * log, not by keyguard.
 */
export interface ScanMeasurement {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMiB: number;
  /** Calls per `service:operation`, from the local cloud's request log. */
  readonly counts: Record<string, number>;
  readonly summary: RunSummary;
}

export const totalCalls = (
  counts: Record<string, number>,
  service?: 'sls' | 'kms',
): number =>
  Object.entries(counts)
    .filter(([key]) => service === undefined || key.startsWith(`${service}:`))
    .reduce((sum, [, n]) => sum + n, 0);

export const scanOnce = async (
  cloud: CloudClient,
  bundlePath: string,
  stateDir: string,
): Promise<ScanMeasurement> => {
  await cloud.clearRequests();
  const report = await runOnce({
    module: bundlePath,
    event: timerEvent(''),
    context: fcContext({
      credentials: DEMO_ACCESS_KEY,
      functionName: 'keyguard-key-health',
      // Generous: the slowest benchmark scan must not be cut short.
      timeout: 900,
    }),
    env: {
      KEYGUARD_MODE: 'local',
      KEYGUARD_LOCAL_PORT: String(cloud.port),
      KEYGUARD_STATE_DIR: stateDir,
      KEYGUARD_LOG_LEVEL: 'warn',
    },
    timeoutMs: 900_000,
  });
  const summary = report.result as RunSummary;
  if (summary.outcome !== 'complete') {
    throw new Error(`the scan ended ${summary.outcome}`);
  }
  return {
    wallMs: report.handlerMs,
    cpuMs: report.handlerCpuMs,
    maxRssMiB: report.maxRssMiB,
    counts: await cloud.counts(),
    summary,
  };
};

export interface ScanFigures {
  readonly cold: ScanMeasurement;
  readonly repeat: ScanMeasurement;
  readonly added: number;
  readonly latency?: ScanMeasurement;
}

export const measureScans = async (
  cloud: CloudClient,
  bundlePath: string,
  shape: InventoryShape,
  options: { readonly added: number; readonly latencyMs: number },
): Promise<ScanFigures> => {
  await cloud.seed(inventorySeed(shape));
  const stateDir = await mkdtemp(path.join(tmpdir(), 'keyguard-scan-'));
  const latencyDir = await mkdtemp(path.join(tmpdir(), 'keyguard-scan-'));
  try {
    const cold = await scanOnce(cloud, bundlePath, stateDir);
    await cloud.seed({
      logstores: addedLogstores(shape, options.added).map(logstoreSeed),
    });
    const repeat = await scanOnce(cloud, bundlePath, stateDir);
    if (options.latencyMs <= 0) return { cold, repeat, added: options.added };
    for (const service of ['sls', 'kms'] as const) {
      await cloud.addFault({
        service,
        action: { kind: 'latency', ms: options.latencyMs },
      });
    }
    const latency = await scanOnce(cloud, bundlePath, latencyDir);
    await cloud.clearFaults();
    return { cold, repeat, added: options.added, latency };
  } finally {
    await rm(stateDir, { recursive: true, force: true });
    await rm(latencyDir, { recursive: true, force: true });
  }
};

/** Logstores per project after the added ones, for the floors. */
export const logstoresPerProject = (
  shape: InventoryShape,
  added: number,
): number[] => {
  const counts = new Map<string, number>();
  for (const p of [...planInventory(shape), ...addedLogstores(shape, added)]) {
    counts.set(p.project, (counts.get(p.project) ?? 0) + 1);
  }
  return [...counts.values()];
};
