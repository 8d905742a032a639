import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../../../unit/deploy/support/s-yaml.ts';

/**
 * Runs `keyguard` the way a user does: a real process through
 * bin/keyguard.js, with only the environment given (plus PATH), so a
 * developer's own credentials never leak into a test.
 */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export const BIN = path.join(ROOT, 'bin', 'keyguard.js');

export const runKeyguard = (
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
  options: { readonly cwd?: string; readonly timeoutMs?: number } = {},
): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`keyguard ${args.join(' ')} did not finish: ${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
