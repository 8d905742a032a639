import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { BUNDLE_FILE } from './bundle.ts';

/**
 * The zip `s deploy` uploads, `<function>.zip`, holding the bundle
 * alone; its size budget; and its unpacking, the way FC would.
 */

/** The deployment zip must stay under this (the budget). */
export const ZIP_LIMIT_BYTES = 1_000_000;

const percentOfLimit = (bytes: number): string =>
  ((bytes / ZIP_LIMIT_BYTES) * 100).toFixed(0);

// A fixed time stamp keeps zips byte-identical across builds of the same
// code, so a redeploy of unchanged code uploads nothing new.
const ZIP_MTIME = new Date('2024-01-01T00:00:00Z');

export const zipBundle = (bundle: Buffer): Uint8Array =>
  zipSync(
    { [BUNDLE_FILE]: [new Uint8Array(bundle), { mtime: ZIP_MTIME }] },
    { level: 9 },
  );

/**
 * Unpacks a deployment zip into a fresh directory outside the repository,
 * so that nothing can be found in `node_modules` by accident: what loads
 * there is exactly what FC would load.
 */
export const unpackZip = async (zipPath: string): Promise<string> => {
  const dir = await mkdtemp(path.join(tmpdir(), 'keyguard-bundle-'));
  const files = unzipSync(new Uint8Array(await readFile(zipPath)));
  for (const [file, bytes] of Object.entries(files)) {
    await writeFile(path.join(dir, file), bytes);
  }
  return dir;
};

export interface SizedZip {
  readonly name: string;
  readonly bundleBytes: number;
  readonly zipBytes: number;
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

export const sizeReport = (built: readonly SizedZip[]): string =>
  built
    .map(
      (fn) =>
        `${fn.name.padEnd(12)} bundle ${kib(fn.bundleBytes).padStart(11)}` +
        `  zip ${kib(fn.zipBytes).padStart(10)}` +
        ` (${percentOfLimit(fn.zipBytes)}% of the 1 MB limit)`,
    )
    .join('\n');

export const oversized = <T extends SizedZip>(built: readonly T[]): T[] =>
  built.filter((fn) => fn.zipBytes >= ZIP_LIMIT_BYTES);
