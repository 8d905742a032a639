import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { SeedInput } from '../emulator/control.ts';
import type { FaultSpec } from '../emulator/fault-spec.ts';

/**
 * The benchmark's handle on a local cloud running in a child process
 * (bench/cloud-process.ts), driven through the control API over HTTP.
 */
export interface CloudClient {
  readonly port: number;
  readonly url: string;
  seed(input: SeedInput): Promise<void>;
  addFault(spec: FaultSpec): Promise<void>;
  clearFaults(): Promise<void>;
  /** Calls per `service:operation` since the last clear. */
  counts(): Promise<Record<string, number>>;
  clearRequests(): Promise<void>;
  close(): Promise<void>;
}

const TSX = ['--import', 'tsx'];

const firstLine = (child: ChildProcess): Promise<string> =>
  new Promise((resolve, reject) => {
    if (child.stdout === null) throw new Error('no standard output');
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      lines.close();
      resolve(line);
    });
    child.once('exit', (code) =>
      reject(new Error(`the local cloud exited with ${code}`)),
    );
  });

export const startCloudProcess = async (
  randomSeed = 1,
): Promise<CloudClient> => {
  const script = new URL('./cloud-process.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, [...TSX, script, String(randomSeed)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const { port } = JSON.parse(await firstLine(child)) as { port: number };
  const url = `http://127.0.0.1:${port}`;

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}/_control/${path}`, {
      method,
      ...(body === undefined
        ? {}
        : {
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          }),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new Error(`control ${method} ${path}: ${response.status} ${text}`);
    }
    return JSON.parse(text) as unknown;
  };

  return {
    port,
    url,
    seed: async (input) => {
      await call('POST', 'seed', input);
    },
    addFault: async (spec) => {
      await call('POST', 'faults', spec);
    },
    clearFaults: async () => {
      await call('DELETE', 'faults');
    },
    counts: async () =>
      (await call('GET', 'requests/counts')) as Record<string, number>,
    clearRequests: async () => {
      await call('DELETE', 'requests');
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin?.end();
      }),
  };
};
