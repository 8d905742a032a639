import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Loads one function module in a fresh Node process and invokes its
 * `handler` once, as FC does at a cold start: a Buffer event, a context
 * object, nothing but the function's own environment. The child reports
 * when the module had loaded and when the first invocation had answered,
 * both in ms since the process began (performance.now), plus the CPU time
 * and peak memory of the invocation.
 */
export interface RunnerReport {
  readonly loadedMs: number;
  readonly readyMs: number;
  readonly handlerMs: number;
  readonly handlerCpuMs: number;
  readonly maxRssMiB: number;
  readonly result: unknown;
}

export interface RunnerOptions {
  /** An absolute file path or URL of the module that exports `handler`. */
  readonly module: string;
  readonly event: unknown;
  readonly context: unknown;
  readonly env: Readonly<Record<string, string>>;
  /** Node flags, e.g. `--import tsx` for TypeScript sources. */
  readonly nodeArgs?: readonly string[];
  readonly cwd?: string;
  readonly timeoutMs?: number;
}

// Plain JavaScript on purpose: nothing but the module under test loads.
const RUNNER = `
const [url, payload] = process.argv.slice(-2);
const { event, context } = JSON.parse(payload);
const mod = await import(url);
const loadedMs = performance.now();
const cpu = process.cpuUsage();
const result = await mod.handler(Buffer.from(event), context);
const readyMs = performance.now();
const used = process.cpuUsage(cpu);
process.stdout.write('\\n' + JSON.stringify({
  loadedMs, readyMs, handlerMs: readyMs - loadedMs,
  handlerCpuMs: (used.user + used.system) / 1000,
  maxRssMiB: process.resourceUsage().maxRSS / 1024,
  result: result === undefined ? null : result,
}) + '\\n', () => process.exit(0));
`;

const urlOf = (module: string): string =>
  module.startsWith('file:') ? module : pathToFileURL(module).href;

export const runOnce = (options: RunnerOptions): Promise<RunnerReport> =>
  new Promise((resolve, reject) => {
    const payload = JSON.stringify({
      event:
        typeof options.event === 'string'
          ? options.event
          : JSON.stringify(options.event),
      context: options.context,
    });
    const child = spawn(
      process.execPath,
      [
        ...(options.nodeArgs ?? []),
        '--input-type=module',
        '-e',
        RUNNER,
        urlOf(options.module),
        payload,
      ],
      {
        cwd: options.cwd ?? path.dirname(options.module),
        env: { PATH: process.env.PATH ?? '', ...options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    const timer = setTimeout(
      () => child.kill('SIGKILL'),
      options.timeoutMs ?? 120_000,
    );
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').at(-1) ?? '';
      try {
        if (code !== 0) throw new Error(`exit code ${code}`);
        resolve(JSON.parse(last) as RunnerReport);
      } catch (error) {
        reject(
          new Error(
            `${options.module}: ${(error as Error).message}; ` +
              `${err.slice(-1500)} ${out.slice(-500)}`,
          ),
        );
      }
    });
  });

/**
 * Runs one of the benchmark's TypeScript probes in a fresh process
 * (through tsx) and returns the JSON of its last line of output.
 */
export const runScript = <T>(
  script: string,
  args: readonly string[],
  timeoutMs = 600_000,
): Promise<T> =>
  new Promise((resolve, reject) => {
    const file = new URL(script, import.meta.url).pathname;
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || last === '') {
        reject(new Error(`${script} exited with ${code}: ${err.slice(-2000)}`));
        return;
      }
      resolve(JSON.parse(last) as T);
    });
  });
