import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_KEY_AES, DEMO_SLS_ROLE_ARN, demoSeed } from '../emulator/demo.ts';
import { buildFunctions, ROOT } from '../scripts/build.ts';
import type { AlertProbeResult } from './alert-probe.ts';
import { startCloudProcess } from './cloud-client.ts';
import { measureColdStarts } from './cold-start.ts';
import { deployedTimerSeconds } from './deployed-timer.ts';
import { type InventoryShape, ISSUE_INVENTORY, REGION } from './inventory.ts';
import { machine } from './machine.ts';
import { parseBenchOptions } from './options.ts';
import { measureProvisioning } from './provisioning.ts';
import { alertRow, coldStartRows, provisioningRows, scanRows } from './rows.ts';
import { runScript } from './runner.ts';
import { logstoresPerProject, measureScans } from './scan.ts';
import { machineLine, markdownTable, type Row, writeResults } from './table.ts';

/**
 * `npm run bench`: keyguard against its floors, side by side in one run.
 * Prints a markdown table and writes the same as JSON to
 * bench/results/latest.json. Takes a few minutes on two cores; `--quick`
 * shrinks every part for a smoke test (its figures are not the README's)
 * and writes bench/results/quick.json instead.
 */
const options = parseBenchOptions(process.argv.slice(2));
const quick = options.quick;
const shape: InventoryShape = quick
  ? { ...ISSUE_INVENTORY, projects: 5, logstoresPerProject: 40 }
  : ISSUE_INVENTORY;
const ADDED = 10;
// The baseline of time to alert, and the local stack's timer in the
// probe, as deployed.
const TIMER_SECONDS = deployedTimerSeconds();
const started = Date.now();
const log = (text: string) =>
  process.stderr.write(
    `[bench ${((Date.now() - started) / 1_000).toFixed(0)} s] ${text}\n`,
  );
const host = machine();
const rows: Row[] = [];

log('building the function bundles');
const buildDir = await mkdtemp(path.join(tmpdir(), 'keyguard-bench-build-'));
const built = await buildFunctions({ outDir: buildDir });
const keyHealth = built.find((b) => b.name === 'key-health');
if (keyHealth === undefined) throw new Error('no key-health bundle');

log('local cloud in a process of its own');
const small = await startCloudProcess(2);
const provisionProjects = Array.from(
  { length: 8 },
  (_, i) => `bench-prov-${i}`,
);
await small.seed({
  ...demoSeed(),
  logstores: [
    {
      project: 'demo-proj',
      logstoreName: 'app-audit',
      encrypt_conf: {
        enable: true,
        encrypt_type: 'default',
        user_cmk_info: {
          cmk_key_id: DEMO_KEY_AES,
          arn: DEMO_SLS_ROLE_ARN,
          region_id: REGION,
        },
      },
    },
  ],
});
log(`cold starts (${quick ? 3 : options.samples} per variant)`);
const coldStarts = await measureColdStarts({
  port: small.port,
  built,
  samples: quick ? 3 : options.samples,
  project: 'demo-proj',
  logstore: 'app-audit',
});
log('provisioning overhead');
await small.seed({
  projects: provisionProjects.map((name) => ({ name, region: REGION })),
});
const provisioning = await measureProvisioning({
  port: small.port,
  region: REGION,
  keyId: DEMO_KEY_AES,
  roleArn: DEMO_SLS_ROLE_ARN,
  projects: provisionProjects,
  blocks: quick ? 2 : 10,
  blockSize: 20,
  batchSize: quick ? 20 : 100,
});
await small.close();

log(
  `scans of ${shape.projects} × ${shape.logstoresPerProject} Logstores ` +
    `(the ${options.latency} ms run takes longest)`,
);
const big = await startCloudProcess(1);
const scans = await measureScans(big, keyHealth.bundlePath, shape, {
  added: ADDED,
  latencyMs: options.latency,
});
await big.close();
rows.push(
  ...scanRows(
    scans,
    {
      projects: shape.projects,
      logstores: shape.projects * shape.logstoresPerProject,
      keys: shape.keys,
      perProjectBefore: logstoresPerProject(shape, 0),
      perProjectAfter: logstoresPerProject(shape, ADDED),
    },
    provisioning.bareCpuMsPerCall,
    options.latency,
  ),
);
rows.push(...coldStartRows(coldStarts), ...provisioningRows(provisioning));

log('time to alert on the local stack');
const alerts = await runScript<AlertProbeResult>('./alert-probe.ts', [
  String(quick ? 3 : options.alertSamples),
  String(TIMER_SECONDS),
]);
rows.push(alertRow(alerts.allMs, alerts.timerSeconds));
await rm(buildDir, { recursive: true, force: true });

const durationS = Math.round((Date.now() - started) / 1_000);
process.stdout.write(
  `${machineLine(host)} Took ${durationS} s${quick ? ' (--quick)' : ''}.\n\n` +
    `${markdownTable(rows)}\n`,
);
await writeResults(path.resolve(ROOT, options.out), {
  machine: host,
  quick,
  startedAt: new Date(started).toISOString(),
  durationS,
  rows,
  figures: { scans, coldStarts, provisioning, alerts },
});
log(`wrote ${options.out}`);
