import { execFile, spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm run emulator` as a user starts it: a mistake in an option or the
 * seed file ends the start with one line naming it, not a stack trace.
 */
const MAIN = join(import.meta.dirname, '../../../emulator/main.ts');
const TSX = join(import.meta.dirname, '../../../node_modules/.bin/tsx');

const start = (args: string[], env: Record<string, string> = {}) =>
  new Promise<{ code: number | null; stderr: string }>((resolve) => {
    execFile(
      TSX,
      // The port comes from the environment when the test sets it.
      [MAIN, ...(env.KEYGUARD_EMULATOR_PORT ? [] : ['--port', '0']), ...args],
      { timeout: 15_000, env: { ...process.env, ...env } },
      (error, _stdout, stderr) => {
        resolve({ code: error === null ? 0 : (error.code as number), stderr });
      },
    );
  });

/** Starts the emulator, reads its first line, and stops it. */
const firstLine = (args: string[]) =>
  new Promise<string>((resolve, reject) => {
    const child = spawn(TSX, [MAIN, '--port', '0', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout.once('data', (chunk: Buffer) => {
      child.kill('SIGTERM');
      resolve(chunk.toString('utf8').split('\n')[0] ?? '');
    });
    child.once('exit', (code) => reject(new Error(`exit ${code}: ${stderr}`)));
  });

const oneLine = (stderr: string) => stderr.trim().split('\n');

const seedFile = async (seed: unknown): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'keyguard-seed-'));
  const file = join(dir, 'seed.json');
  await writeFile(file, JSON.stringify(seed));
  return file;
};

describe('starting the emulator from the command line', () => {
  it('refuses a seed file against the schema in one line', async () => {
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

  it('takes any 32-bit random seed, not only a port number', async () => {
    const line = await firstLine(['--random-seed', '99999999']);

    expect(line).toMatch(/^keyguard local cloud on http:\/\/127\.0\.0\.1:/);
  });

  it.each([
    [['--random-seed', '1.5'], 'random seed'],
    [['--random-seed', '4294967296'], 'random seed'],
    [['--region', 'Moon'], 'region'],
  ])('refuses %j in one line naming it', async (args, named) => {
    const { code, stderr } = await start(args);

    expect(code).toBe(2);
    expect(oneLine(stderr)).toHaveLength(1);
    expect(stderr).toContain(named);
  });

  it('names the variable when KEYGUARD_EMULATOR_PORT is no port', async () => {
    const { code, stderr } = await start([], {
      KEYGUARD_EMULATOR_PORT: 'abc',
    });

    expect(code).toBe(2);
    expect(oneLine(stderr)).toHaveLength(1);
    expect(stderr).toContain('KEYGUARD_EMULATOR_PORT');
  });

  it('says in one line that the port is taken, and what to set', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };

    const { code, stderr } = await start(['--port', String(port)]);
    taken.close();

    expect(code).toBe(1);
    expect(oneLine(stderr)).toHaveLength(1);
    expect(stderr).toContain(String(port));
    expect(stderr).toContain('KEYGUARD_EMULATOR_PORT');
  });
});
