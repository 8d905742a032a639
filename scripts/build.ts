import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Bundle,
  bundleFunction,
  FUNCTION_NAMES,
  type FunctionName,
  ROOT,
} from './bundle.ts';
import {
  oversized,
  sizeReport,
  ZIP_LIMIT_BYTES,
  zipBundle,
} from './deployment-zip.ts';

/**
 * `npm run build`: one esbuild bundle per function under
 * `dist/<function>/index.mjs`, and the zip that `s deploy` uploads as
 * `dist/<function>.zip`. Everything is built in a staging directory and
 * moves into dist/ only after the zips are under budget and each has been
 * loaded and invoked against the local cloud (scripts/build-verify.ts):
 * a failed build leaves no zip for `s deploy` to pick up.
 */
export { FUNCTIONS, type FunctionName, ROOT } from './bundle.ts';

export interface BuiltFunction extends Omit<Bundle, 'bundle'> {
  readonly zipPath: string;
  readonly bundleBytes: number;
  readonly zipBytes: number;
}

export interface BuildOptions {
  /** `dist` under the repository by default. */
  readonly outDir?: string;
  readonly functions?: readonly FunctionName[];
}

const zipFunction = async (
  bundle: Bundle,
  outDir: string,
): Promise<BuiltFunction> => {
  const { bundle: bytes, ...rest } = bundle;
  const zip = zipBundle(bytes);
  const zipPath = path.join(outDir, `${bundle.name}.zip`);
  await writeFile(zipPath, zip);

  return { ...rest, zipPath, bundleBytes: bytes.length, zipBytes: zip.length };
};

/** Bundles and zips each function into `outDir`, unverified. */
export const buildFunctions = async (
  options: BuildOptions = {},
): Promise<BuiltFunction[]> => {
  const outDir = options.outDir ?? path.join(ROOT, 'dist');
  await mkdir(outDir, { recursive: true });
  const built: BuiltFunction[] = [];
  for (const name of options.functions ?? FUNCTION_NAMES) {
    built.push(await zipFunction(await bundleFunction(name, outDir), outDir));
  }
  return built;
};

export interface DeploymentBuild {
  readonly distDir: string;
  readonly functions?: readonly FunctionName[];
  /** Throws when a built function is not fit to deploy; else report lines. */
  readonly verify: (built: readonly BuiltFunction[]) => Promise<string[]>;
  readonly report?: (line: string) => void;
}

const moved = (fn: BuiltFunction, distDir: string): BuiltFunction => ({
  ...fn,
  bundlePath: path.join(distDir, fn.name, path.basename(fn.bundlePath)),
  zipPath: path.join(distDir, path.basename(fn.zipPath)),
});

/**
 * The whole build: stage, check the size, verify, then publish into
 * `distDir`. What an earlier build left there for these functions is
 * removed first, so after a failure `s deploy` finds no zip rather than
 * a broken or stale one.
 */
export const buildForDeployment = async (
  build: DeploymentBuild,
): Promise<BuiltFunction[]> => {
  const names = build.functions ?? FUNCTION_NAMES;
  await mkdir(build.distDir, { recursive: true });
  for (const name of names) {
    await rm(path.join(build.distDir, `${name}.zip`), { force: true });
    await rm(path.join(build.distDir, name), { recursive: true, force: true });
  }
  const staging = await mkdtemp(path.join(build.distDir, '.staging-'));
  try {
    const built = await buildFunctions({ outDir: staging, functions: names });
    build.report?.(sizeReport(built));
    const tooBig = oversized(built);
    if (tooBig.length > 0) {
      throw new Error(
        `deployment zip over ${ZIP_LIMIT_BYTES} bytes: ` +
          tooBig.map((fn) => fn.name).join(', '),
      );
    }
    for (const line of await build.verify(built)) build.report?.(line);
    for (const fn of built) {
      await rename(
        path.dirname(fn.bundlePath),
        path.join(build.distDir, fn.name),
      );
      await rename(fn.zipPath, path.join(build.distDir, `${fn.name}.zip`));
    }

    return built.map((fn) => moved(fn, build.distDir));
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
};

const main = async (): Promise<void> => {
  const { verifyBuiltFunctions } = await import('./build-verify.ts');
  await buildForDeployment({
    distDir: path.join(ROOT, 'dist'),
    verify: verifyBuiltFunctions,
    report: (line) => process.stdout.write(`${line}\n`),
  });
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`build failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}
