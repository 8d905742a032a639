import { startLocalCloud } from '../emulator/local-cloud.ts';

/**
 * The local cloud in a process of its own, so that what a benchmark
 * measures in its own process (CPU time, memory) is keyguard's share
 * alone. It starts empty; the benchmark seeds it over the control API.
 * Prints `{"port":N}` once listening, and ends when its parent closes
 * standard input.
 */
const randomSeed = Number(process.argv[2] ?? 1);
const cloud = await startLocalCloud({ port: 0, seed: 'none', randomSeed });
process.stdout.write(`${JSON.stringify({ port: cloud.port })}\n`);

const stop = () => {
  void cloud.close().finally(() => process.exit(0));
};
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
