import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_ACCESS_KEY } from '../emulator/demo.ts';
import {
  fcContext,
  httpTriggerEvent,
  timerEvent,
} from '../emulator/fc-runtime.ts';
import {
  type BuiltFunction,
  FUNCTIONS,
  type FunctionName,
  ROOT,
} from '../scripts/build.ts';
import { type RunnerReport, runOnce } from './runner.ts';
import { median } from './stats.ts';
import { transpileUnbundled } from './unbundled.ts';

/**
 * Cold starts: a fresh Node process loads a function and answers its
 * first invocation against the local cloud (which builds its SLS and KMS
 * clients), once from the esbuild bundle and once from the same code
 * unbundled, alternated so that drift in the machine's load hits both
 * alike. The tsx figure is what `npm start` pays; it is shown, not judged.
 */
export const VARIANTS = ['bundle', 'unbundled', 'tsx'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface ColdStartFigures {
  readonly name: FunctionName;
  readonly samples: number;
  /** Median ms from process start to the first answer, per variant. */
  readonly readyMs: Record<Variant, number>;
  /** Median ms from process start to the module loaded, per variant. */
  readonly loadedMs: Record<Variant, number>;
  readonly bundleBytes: number;
  readonly zipBytes: number;
}

export interface ColdStartSetup {
  readonly port: number;
  readonly built: readonly BuiltFunction[];
  readonly samples: number;
  /** A Logstore with a BYOK key, for provisioning's first read. */
  readonly project: string;
  readonly logstore: string;
}

const UNBUNDLED_DIR = path.join(ROOT, 'bench', 'results', 'unbundled');

const eventFor = (name: FunctionName, setup: ColdStartSetup): unknown =>
  name === 'provision'
    ? httpTriggerEvent({
        method: 'GET',
        path: `/logstores/${setup.project}/${setup.logstore}`,
      })
    : timerEvent('');

const moduleFor = (
  variant: Variant,
  name: FunctionName,
  built: BuiltFunction,
): { module: string; nodeArgs?: string[]; cwd?: string } => {
  const source = FUNCTIONS[name];
  switch (variant) {
    case 'bundle':
      return { module: built.bundlePath };
    case 'unbundled':
      return {
        module: path.join(UNBUNDLED_DIR, source.replace(/\.ts$/, '.js')),
        cwd: ROOT,
      };
    case 'tsx':
      return {
        module: path.join(ROOT, source),
        nodeArgs: ['--import', 'tsx'],
        cwd: ROOT,
      };
  }
};

const sampleOnce = async (
  variant: Variant,
  name: FunctionName,
  built: BuiltFunction,
  setup: ColdStartSetup,
): Promise<RunnerReport> => {
  const stateDir = await mkdtemp(path.join(tmpdir(), 'keyguard-cold-'));
  try {
    const report = await runOnce({
      ...moduleFor(variant, name, built),
      event: eventFor(name, setup),
      context: fcContext({
        credentials: DEMO_ACCESS_KEY,
        functionName: `keyguard-${name}`,
        timeout: 60,
      }),
      env: {
        KEYGUARD_MODE: 'local',
        KEYGUARD_LOCAL_PORT: String(setup.port),
        KEYGUARD_STATE_DIR: stateDir,
        KEYGUARD_LOG_LEVEL: 'warn',
      },
    });
    const status = (report.result as { statusCode?: number }).statusCode;
    if (name === 'provision' && status !== 200) {
      throw new Error(`${variant} ${name} answered ${status}`);
    }
    return report;
  } finally {
    await rm(stateDir, { recursive: true, force: true });
  }
};

export const measureColdStarts = async (
  setup: ColdStartSetup,
): Promise<ColdStartFigures[]> => {
  await transpileUnbundled(ROOT, UNBUNDLED_DIR);
  const figures: ColdStartFigures[] = [];
  for (const built of setup.built) {
    const ready: Record<Variant, number[]> = {
      bundle: [],
      unbundled: [],
      tsx: [],
    };
    const loaded: Record<Variant, number[]> = {
      bundle: [],
      unbundled: [],
      tsx: [],
    };
    for (let i = 0; i < setup.samples; i++) {
      // Each round in the opposite order of the last, so neither variant
      // always runs right after the other.
      const order = i % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
      for (const variant of order) {
        const report = await sampleOnce(variant, built.name, built, setup);
        ready[variant].push(report.readyMs);
        loaded[variant].push(report.loadedMs);
      }
    }
    const medians = (values: Record<Variant, number[]>) =>
      Object.fromEntries(
        VARIANTS.map((variant) => [variant, median(values[variant])]),
      ) as Record<Variant, number>;
    figures.push({
      name: built.name,
      samples: setup.samples,
      readyMs: medians(ready),
      loadedMs: medians(loaded),
      bundleBytes: built.bundleBytes,
      zipBytes: built.zipBytes,
    });
  }
  return figures;
};
