import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm run bench` as a user starts it: a bad number is refused in one
 * line before anything is built or measured, not minutes later.
 */
const MAIN = join(import.meta.dirname, '../../../bench/main.ts');
const TSX = join(import.meta.dirname, '../../../node_modules/.bin/tsx');

const bench = (args: string[]) =>
  new Promise<{ code: number | null; stderr: string }>((resolve) => {
    execFile(
      TSX,
      [MAIN, ...args],
      { timeout: 15_000 },
      (error, _stdout, stderr) => {
        resolve({ code: error === null ? 0 : (error.code as number), stderr });
      },
    );
  });

describe('starting the benchmark from the command line', () => {
  it.each([
    ['--latency', 'abc', 'a latency is a number of ms, 0-600000'],
    ['--samples', '0', 'a sample count is a whole number, 1 or more'],
    ['--alert-samples', '2.5', 'a sample count is a whole number, 1 or more'],
  ])(
    'refuses %s %s in one line, with exit status 2',
    async (option, value, rule) => {
      const { code, stderr } = await bench(['--quick', option, value]);

      expect(code).toBe(2);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toContain(option);
      expect(stderr).toContain(rule);
    },
  );
});
