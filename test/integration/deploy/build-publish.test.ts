import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildForDeployment } from '../../../scripts/build.ts';

/**
 * What `npm run build` leaves in dist/: a zip only once it has passed
 * the size check and the local invocation, never a broken or stale one
 * for `s deploy` to upload.
 */
let distDir: string;

beforeEach(async () => {
  distDir = await mkdtemp(path.join(tmpdir(), 'keyguard-dist-'));
});

afterEach(async () => {
  await rm(distDir, { recursive: true, force: true });
});

describe('npm run build', () => {
  it('leaves no zip in dist/ when verification fails', async () => {
    // Prepare: a zip from an earlier build is already there.
    await writeFile(path.join(distDir, 'provision.zip'), 'earlier build');
    await mkdir(path.join(distDir, 'provision'));

    // Act
    const build = buildForDeployment({
      distDir,
      functions: ['provision'],
      verify: async () => {
        throw new Error('the handler failed');
      },
    });

    // Assert
    await expect(build).rejects.toThrow('the handler failed');
    expect(await readdir(distDir)).toEqual([]);
  }, 60_000);

  it('publishes the zip and bundle once verification passes', async () => {
    // Prepare
    let verifiedAt: string | undefined;

    // Act
    const built = await buildForDeployment({
      distDir,
      functions: ['provision'],
      verify: async ([fn]) => {
        verifiedAt = fn?.zipPath;
        return [];
      },
    });

    // Assert
    expect(verifiedAt).not.toBe(path.join(distDir, 'provision.zip'));
    expect(built.map((fn) => fn.zipPath)).toEqual([
      path.join(distDir, 'provision.zip'),
    ]);
    expect((await readdir(distDir)).sort()).toEqual([
      'provision',
      'provision.zip',
    ]);
    expect(existsSync(path.join(distDir, 'provision', 'index.mjs'))).toBe(true);
  }, 60_000);
});
