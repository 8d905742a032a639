import { randomInt } from 'node:crypto';
import { Command, InvalidArgumentError } from 'commander';
import { parseWholeNumber } from '../../emulator/port-option.ts';
import { type ChaosReport, DEFAULT_ROUNDS, runChaos } from './run.ts';

/**
 * `npm run chaos -- --runs N`: N chaos runs on fresh random seeds, each
 * printed with its result, so a failure can be replayed with
 * `npm run chaos -- --seed S`. Exits 1 if any run broke an invariant, 2
 * on a refused option.
 */
const wholeFrom =
  (min: number, what: string) =>
  (value: string): number => {
    const n = parseWholeNumber(value, undefined, min);
    if (n === undefined) {
      throw new InvalidArgumentError(
        `${what} is a whole number, ${min} or more`,
      );
    }
    return n;
  };

const seed = wholeFrom(0, 'a seed');
// Zero runs or rounds would test nothing and still report a pass.
const runs = wholeFrom(1, 'a number of runs');
const rounds = wholeFrom(1, 'a number of rounds');

const options = new Command('keyguard-chaos')
  .option('--runs <n>', 'runs on fresh random seeds', runs, 1)
  .option(
    '--seed <s>',
    'replay one seed (repeatable)',
    (v, all: number[]) => [...all, seed(v)],
    [] as number[],
  )
  .option('--rounds <n>', 'rounds per run', rounds, DEFAULT_ROUNDS)
  // A usage error is exit 2, as for npm run emulator; help is 0.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
  .parse()
  .opts<{ runs: number; seed: number[]; rounds: number }>();

const seeds =
  options.seed.length > 0
    ? options.seed
    : Array.from({ length: options.runs }, () => randomInt(1, 2 ** 31 - 1));

const line = (report: ChaosReport): string =>
  `seed ${report.seed}: ${report.violations.length === 0 ? 'pass' : 'FAIL'}` +
  ` (${report.operations} operations, ${report.keyHealthRuns} key-health ` +
  `runs, ${report.vendorCalls} vendor calls of which ${report.faultedCalls} ` +
  `faulted, ${report.sinkMessages} webhook messages, ` +
  `${(report.durationMs / 1_000).toFixed(1)} s)`;

let failed = 0;
for (const seed of seeds) {
  const report = await runChaos(seed, { rounds: options.rounds });
  process.stdout.write(`${line(report)}\n`);
  const covered = Object.entries(report.coverage)
    .map(([what, n]) => `${what} ${n}`)
    .join(', ');
  process.stdout.write(`  covered: ${covered}\n`);
  for (const violation of report.violations) {
    process.stdout.write(`  - ${violation}\n`);
  }
  if (report.violations.length > 0) failed += 1;
}
process.stdout.write(
  `${seeds.length - failed} of ${seeds.length} runs passed` +
    (failed > 0 ? `; replay with --seed <s>\n` : '\n'),
);
process.exitCode = failed > 0 ? 1 : 0;
