import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * `npm start` as a user meets it: a bad or busy port ends the start with
 * one line, and a start that fails leaves another stack's state alone.
 */
const START = join(import.meta.dirname, '../../../scripts/start.ts');
const TSX = join(import.meta.dirname, '../../../node_modules/.bin/tsx');

const start = (env: Record<string, string>, cwd: string) =>
  new Promise<{ code: number | null; stderr: string }>((resolve) => {
    execFile(
      TSX,
      [START],
      { timeout: 30_000, cwd, env: { ...process.env, ...env } },
      (error, _stdout, stderr) => {
        resolve({ code: error === null ? 0 : (error.code as number), stderr });
      },
    );
  });

const held: Server[] = [];
const holdPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  held.push(server);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('?');
  return address.port;
};

afterEach(async () => {
  await Promise.all(
    held
      .splice(0)
      .map(
        (server) =>
          new Promise<void>((resolve) => server.close(() => resolve())),
      ),
  );
});

/** A whole stack on free ports, once its first scan has saved bindings. */
const startRunning = async (cwd: string, env: Record<string, string> = {}) => {
  const child: ChildProcess = spawn(TSX, [START], {
    cwd,
    env: {
      ...process.env,
      KEYGUARD_EMULATOR_PORT: '0',
      KEYGUARD_PROVISION_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let out = '';
  child.stdout?.on('data', (chunk) => {
    out += chunk;
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    const port = /local cloud +http:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1];
    if (port !== undefined && out.includes('"event":"key_health.run"')) {
      const bindings = join(
        cwd,
        '.keyguard',
        `local-stack-${port}`,
        'key-health',
        'bindings',
      );
      return { child, bindings, out: () => out };
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`the stack did not come up: ${out}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const lines = (stderr: string) => stderr.trim().split('\n');

describe('npm start', () => {
  it('refuses a port variable that is no port, in one line', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'keyguard-start-'));

    const { code, stderr } = await start(
      { KEYGUARD_EMULATOR_PORT: 'abc' },
      cwd,
    );

    expect(code).toBe(2);
    expect(lines(stderr)).toEqual([
      'keyguard start: KEYGUARD_EMULATOR_PORT: abc is not a port ' +
        '(0-65533, as provision and the queue gateway take the next two)',
    ]);
  });

  it.each(['65534', '65535'])(
    'refuses local cloud port %s, whose next two are no ports',
    async (value) => {
      const cwd = await mkdtemp(join(tmpdir(), 'keyguard-start-'));

      const { code, stderr } = await start(
        { KEYGUARD_EMULATOR_PORT: value },
        cwd,
      );

      expect(code).toBe(2);
      expect(lines(stderr)).toEqual([
        `keyguard start: KEYGUARD_EMULATOR_PORT: ${value} is not a port ` +
          '(0-65533, as provision and the queue gateway take the next two)',
      ]);
    },
  );

  it('refuses provision port 65535, whose next is no port', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'keyguard-start-'));

    const { code, stderr } = await start(
      { KEYGUARD_EMULATOR_PORT: '0', KEYGUARD_PROVISION_PORT: '65535' },
      cwd,
    );

    expect(code).toBe(2);
    expect(lines(stderr)).toEqual([
      'keyguard start: KEYGUARD_PROVISION_PORT: 65535 is not a port ' +
        '(0-65534, as the queue gateway takes the next one)',
    ]);
  });

  it('names a local cloud port already in use, in one line', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'keyguard-start-'));
    const port = await holdPort();

    const { code, stderr } = await start(
      { KEYGUARD_EMULATOR_PORT: String(port) },
      cwd,
    );

    expect(code).toBe(1);
    expect(lines(stderr)).toHaveLength(1);
    expect(stderr).toContain(`port ${port} is in use`);
    expect(stderr).toContain('KEYGUARD_EMULATOR_PORT');
  });

  it('leaves a running stack state alone when another start fails', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'keyguard-start-'));
    const running = await startRunning(cwd);
    try {
      const busy = await holdPort();

      const { code, stderr } = await start(
        { KEYGUARD_EMULATOR_PORT: '0', KEYGUARD_PROVISION_PORT: String(busy) },
        cwd,
      );

      expect(code).toBe(1);
      expect(stderr).toContain(`port ${busy} is in use`);
      expect(stderr).toContain('KEYGUARD_PROVISION_PORT');
      expect(await readdir(running.bindings)).toEqual(['demo-proj']);
    } finally {
      running.child.kill('SIGTERM');
    }
  });

  it('warns once about an expired silence, as one cold start does', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'keyguard-start-'));
    const silences = [
      {
        keyId: 'key-demo0002',
        reason: 'old',
        expiresAt: '2026-01-01T00:00:00Z',
      },
    ];
    const running = await startRunning(cwd, {
      KEYGUARD_SILENCES: JSON.stringify(silences),
    });
    running.child.kill('SIGTERM');

    const warnings = running
      .out()
      .split('\n')
      .filter((line) => line.includes('"event":"config.silence_expired"'));
    expect(warnings).toHaveLength(1);
  });
});
