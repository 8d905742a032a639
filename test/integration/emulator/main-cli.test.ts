import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm run emulator` as a user starts it: a mistake in an option or the
 * seed file ends the start with one line naming it, not a stack trace.
 */
const MAIN = join(import.meta.dirname, '../../../emulator/main.ts');
const TSX = join(import.meta.dirname, '../../../node_modules/.bin/tsx');

const start = (args: string[]) =>
  new Promise<{ code: number | null; stderr: string }>((resolve) => {
    execFile(
      TSX,
      [MAIN, '--port', '0', ...args],
      { timeout: 20_000 },
      (error, _stdout, stderr) => {
        resolve({ code: error === null ? 0 : (error.code as number), stderr });
      },
    );
  });

const seedFile = async (seed: unknown): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'keyguard-seed-'));
  const file = join(dir, 'seed.json');
  await writeFile(file, JSON.stringify(seed));
  return file;
};

describe('starting the emulator from the command line', () => {
  it('refuses a seed file that breaks the seed schema in one line', async () => {
    const file = await seedFile({ keys: [{ state: 'Melted' }] });

    const { code, stderr } = await start(['--seed', file]);

    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('keys.0.state');
  });

  it('refuses a seed file that is not JSON in one line', async () => {
    const file = await seedFile('x');
    await writeFile(file, '{ not json');

    const { code, stderr } = await start(['--seed', file]);

    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(file);
  });
});
