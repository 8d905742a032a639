import { readFile, rm } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

/**
 * One esbuild bundle per function, `<outDir>/<function>/index.mjs`: what
 * goes into it, what it may leave to the runtime, and what it exports.
 */
export const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
);

/** Function name → handler module. The names are FC's function suffixes. */
export const FUNCTIONS = {
  provision: 'functions/provision/handler.ts',
  'key-health': 'functions/key-health/handler.ts',
} as const;

export type FunctionName = keyof typeof FUNCTIONS;

export const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];

/** FC's `handler` setting: `index.mjs` exporting `handler`. */
export const BUNDLE_FILE = 'index.mjs';
export const HANDLER = 'index.handler';

/**
 * The SDKs and several of their dependencies are CommonJS: they call
 * `require` for Node built-ins, and some read `__filename` (write-file-
 * atomic names its temporary files after it). An ESM bundle has none of
 * these, so the banner makes them.
 */
const REQUIRE_BANNER = [
  "import { createRequire as __keyguardCreateRequire } from 'node:module';",
  "import { fileURLToPath as __keyguardFileUrlToPath } from 'node:url';",
  "import { dirname as __keyguardDirname } from 'node:path';",
  'const require = __keyguardCreateRequire(import.meta.url);',
  'const __filename = __keyguardFileUrlToPath(import.meta.url);',
  'const __dirname = __keyguardDirname(__filename);',
].join('\n');

/**
 * Imports a bundle may leave unresolved: `ws` (pulled in by the SDKs'
 * shared runtime) asks for these optional speed-ups inside try/catch and
 * works without them.
 */
export const OPTIONAL_IMPORTS = ['bufferutil', 'utf-8-validate'] as const;

/**
 * `lz4-napi` is a native addon that the SLS SDK's gateway requires at load
 * time, yet only PutLogs, PullLogs, GetLogsV2 and PreviewSPL compress with
 * it; the management calls keyguard makes never do (platform-facts §8).
 * Marking it external would make the bundle fail at load with
 * MODULE_NOT_FOUND, so it is replaced by a module whose functions refuse
 * with a clear message, should a future call ever reach them.
 */
export const OMITTED_NATIVE = 'lz4-napi';

const omitNativeAddon: esbuild.Plugin = {
  name: 'omit-lz4-napi',
  setup(build) {
    build.onResolve({ filter: /^lz4-napi$/ }, () => ({
      path: OMITTED_NATIVE,
      namespace: 'keyguard-omitted',
    }));
    build.onLoad({ filter: /.*/, namespace: 'keyguard-omitted' }, () => ({
      loader: 'js',
      contents: [
        'const refuse = async () => {',
        "  throw new Error('lz4 compression is left out of keyguard bundles;'",
        "    + ' no management call uses it');",
        '};',
        'module.exports = { compress: refuse, uncompress: refuse,',
        '  compressSync: refuse, uncompressSync: refuse };',
      ].join('\n'),
    }));
  },
};

/**
 * Imports FC's Node runtime could not satisfy: anything but a Node
 * built-in or an optional speed-up. FC has no node_modules beside the
 * bundle, so each would fail the function at load.
 */
export const unexpectedRuntimeImports = (
  imports: readonly string[],
): string[] =>
  imports.filter(
    (specifier) =>
      !isBuiltin(specifier) &&
      !(OPTIONAL_IMPORTS as readonly string[]).includes(specifier),
  );

export interface Bundle {
  readonly name: FunctionName;
  readonly bundlePath: string;
  readonly bundle: Buffer;
  /** Every import the bundle leaves to the runtime. */
  readonly runtimeImports: readonly string[];
  /** The repository's own files in the bundle, absolute paths. */
  readonly sources: readonly string[];
  /** What the bundle exports (FC needs `handler`). */
  readonly exports: readonly string[];
}

export const bundleFunction = async (
  name: FunctionName,
  outDir: string,
): Promise<Bundle> => {
  const dir = path.join(outDir, name);
  await rm(dir, { recursive: true, force: true });
  const bundlePath = path.join(dir, BUNDLE_FILE);
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: [path.join(ROOT, FUNCTIONS[name])],
    outfile: bundlePath,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: REQUIRE_BANNER },
    plugins: [omitNativeAddon],
    metafile: true,
    // Unminified: FC logs print stack traces, and minifying did not speed
    // up loading (platform-facts §8); the zip stays small either way.
    minify: false,
    keepNames: true,
    legalComments: 'eof',
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0];
  const runtimeImports = [
    ...new Set(
      (output?.imports ?? [])
        .filter((entry) => entry.external)
        .map((entry) => entry.path),
    ),
  ].sort();
  const unexpected = unexpectedRuntimeImports(runtimeImports);
  if (unexpected.length > 0) {
    throw new Error(
      `${name}: the bundle would need ${unexpected.join(', ')} at run time`,
    );
  }
  const sources = Object.keys(result.metafile.inputs)
    .filter((input) => !input.includes('node_modules/') && !input.includes(':'))
    .map((input) => path.resolve(ROOT, input))
    .sort();

  return {
    name,
    bundlePath,
    bundle: await readFile(bundlePath),
    runtimeImports,
    sources,
    exports: output?.exports ?? [],
  };
};
