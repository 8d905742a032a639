import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * `npm run kms` against a port where no local cloud listens: the failure
 * is the connection, not KMS, and the line says how to point it at the
 * right port.
 */
const run = promisify(execFile);

const closedPort = async (): Promise<number> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string')
    throw new Error('no port');
  return address.port;
};

describe('npm run kms without a local cloud', () => {
  it.each([
    ['describe', 'key-demo0001'],
    ['protect', 'key-demo0001', 'off'],
  ])(
    'says "%s" could not reach the local cloud, and how to set its port',
    async (...command) => {
      const port = await closedPort();

      const failure = await run(
        process.execPath,
        [
          '--import',
          'tsx',
          'scripts/local-kms.ts',
          '--port',
          String(port),
          ...command,
        ],
        { env: { ...process.env, KEYGUARD_EMULATOR_PORT: '' } },
      ).catch((error: { code?: number; stderr?: string }) => error);

      const stderr = (failure as { stderr?: string }).stderr ?? '';
      expect((failure as { code?: number }).code).toBe(1);
      expect(stderr).not.toContain('KMS refused');
      expect(stderr).toContain(
        `could not reach the local cloud at port ${port}`,
      );
      expect(stderr).toContain('KEYGUARD_EMULATOR_PORT');
      expect(stderr).toContain('--port');
      expect(stderr.trim().split('\n')).toHaveLength(1);
    },
    30_000,
  );
});
