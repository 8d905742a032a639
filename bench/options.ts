import { Command, InvalidArgumentError } from 'commander';
import { parseWholeNumber } from '../emulator/port-option.ts';

/**
 * `npm run bench`'s options. Numbers are checked as they are parsed: a
 * `Number('abc')` let through surfaced only after 15 s of measuring, as
 * a stack trace from the local cloud refusing the latency fault.
 */
export interface BenchOptions {
  readonly quick: boolean;
  readonly samples: number;
  readonly alertSamples: number;
  readonly latency: number;
  readonly out: string;
}

/**
 * Where the JSON goes unless --out says: a quick run's figures are not the
 * README's, so they must not replace the last full run's.
 */
export const RESULTS_FILE = {
  full: 'bench/results/latest.json',
  quick: 'bench/results/quick.json',
} as const;

// The local cloud's own bound on an injected latency.
const MAX_LATENCY_MS = 600_000;

const numberOf = (value: string): number =>
  value.trim() === '' ? Number.NaN : Number(value);

export const sampleCount = (value: string): number => {
  const n = parseWholeNumber(value, undefined, 1);
  if (n === undefined) {
    throw new InvalidArgumentError(
      'a sample count is a whole number, 1 or more',
    );
  }

  return n;
};

export const latencyMs = (value: string): number => {
  const n = numberOf(value);
  if (!Number.isFinite(n) || n < 0 || n > MAX_LATENCY_MS) {
    throw new InvalidArgumentError(
      `a latency is a number of ms, 0-${MAX_LATENCY_MS}`,
    );
  }

  return n;
};

/** Parses the user's arguments; a refused one ends with exit status 2. */
export const parseBenchOptions = (args: readonly string[]): BenchOptions => {
  const parsed = new Command('keyguard-bench')
    .option('--quick', 'a small inventory and few samples, for a smoke test')
    .option('--samples <n>', 'cold starts per variant', sampleCount, 15)
    .option('--alert-samples <n>', 'time-to-alert samples', sampleCount, 10)
    .option('--latency <ms>', 'injected latency per call', latencyMs, 20)
    .option(
      '--out <file>',
      `JSON results (default ${RESULTS_FILE.full}, or ` +
        `${RESULTS_FILE.quick} with --quick)`,
    )
    // A usage error is exit 2, as for npm run emulator; help is 0.
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
    .parse(args, { from: 'user' })
    .opts<
      Omit<BenchOptions, 'quick' | 'out'> & { quick?: boolean; out?: string }
    >();
  const quick = parsed.quick === true;

  return {
    ...parsed,
    quick,
    out: parsed.out ?? (quick ? RESULTS_FILE.quick : RESULTS_FILE.full),
  };
};
