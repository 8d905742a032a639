import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm run chaos` as a user starts it: a count that would run nothing is
 * refused in one line, not reported as every run passing.
 */
const MAIN = join(import.meta.dirname, 'main.ts');
const TSX = join(import.meta.dirname, '../../node_modules/.bin/tsx');

const chaos = (args: string[]) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolve) => {
      execFile(
        TSX,
        [MAIN, ...args],
        { timeout: 15_000 },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : (error.code as number);
          resolve({ code, stdout, stderr });
        },
      );
    },
  );

describe('starting a chaos run from the command line', () => {
  it.each([
    ['--runs', '0', 'a number of runs is a whole number, 1 or more'],
    ['--runs', '1.5', 'a number of runs is a whole number, 1 or more'],
    ['--rounds', '0', 'a number of rounds is a whole number, 1 or more'],
    ['--seed', 'abc', 'a seed is a whole number, 0 or more'],
  ])(
    'refuses %s %s in one line, with exit status 2',
    async (option, value, rule) => {
      const { code, stdout, stderr } = await chaos([option, value]);

      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toContain(option);
      expect(stderr).toContain(rule);
    },
  );
});
