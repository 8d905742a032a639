import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLE_FILE } from './bundle.ts';

/**
 * Loads an unpacked bundle in a plain Node process, with nothing but the
 * environment given, and invokes its handler once as FC would: the build's
 * last check and the bundle tests use it.
 */
export interface BundleInvocation {
  /** The event as FC sends it: the JSON text, delivered as a Buffer. */
  readonly event: unknown;
  readonly context: unknown;
  /** The function's whole environment; nothing else is inherited. */
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

export interface BundleAnswer {
  /** What the handler resolved with; undefined when it threw. */
  readonly result?: unknown;
  /** The handler's error message when it threw or failed to load. */
  readonly error?: string;
  /** Lines the function wrote, standard output then standard error. */
  readonly output: string;
}

// Runs in the child: loads the bundle, hands it a Buffer event like FC
// does, and reports over the IPC channel so log lines cannot mix in.
const RUNNER = `
const [bundle] = process.argv.slice(-1);
process.once('message', async ({ event, context }) => {
  try {
    const mod = await import(bundle);
    const result = await mod.handler(Buffer.from(event), context);
    process.send({ result: result === undefined ? null : result }, () =>
      process.exit(0));
  } catch (error) {
    process.send({ error: String(error && error.stack || error) }, () =>
      process.exit(0));
  }
});
`;

export const invokeBundle = async (
  bundleDir: string,
  invocation: BundleInvocation,
): Promise<BundleAnswer> => {
  const bundleUrl = pathToFileURL(path.join(bundleDir, BUNDLE_FILE)).href;
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', RUNNER, bundleUrl],
    {
      cwd: bundleDir,
      env: { PATH: process.env.PATH ?? '', ...invocation.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const eventText =
    typeof invocation.event === 'string'
      ? invocation.event
      : JSON.stringify(invocation.event);
  return new Promise<BundleAnswer>((resolve, reject) => {
    let answer: { result?: unknown; error?: string } | undefined;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the bundle did not answer: ${output.slice(-2000)}`));
    }, invocation.timeoutMs ?? 30_000);
    child.on('message', (message) => {
      answer = message as { result?: unknown; error?: string };
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (answer === undefined) {
        resolve({ error: `the process exited with ${code}`, output });
        return;
      }
      resolve({ ...answer, output });
    });
    child.send({ event: eventText, context: invocation.context });
  });
};
