import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { unzipSync, zipSync } from 'fflate';

/**
 * `npm run build`: one esbuild bundle per function under
 * `dist/<function>/index.mjs`, and the zip that `s deploy` uploads as
 * `dist/<function>.zip`. The build then loads each zip's bundle in a
 * plain Node process outside the repository and invokes it against the
 * local cloud (scripts/build-verify.ts does that part).
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

/** The deployment zip must stay under this (the budget). */
export const ZIP_LIMIT_BYTES = 1_000_000;

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

export interface BuiltFunction {
  readonly name: FunctionName;
  readonly bundlePath: string;
  readonly zipPath: string;
  readonly bundleBytes: number;
  readonly zipBytes: number;
  /** Every import the bundle leaves to the runtime. */
  readonly runtimeImports: readonly string[];
  /** The repository's own files in the bundle, absolute paths. */
  readonly sources: readonly string[];
  /** What the bundle exports (FC needs `handler`). */
  readonly exports: readonly string[];
}

export interface BuildOptions {
  /** `dist` under the repository by default. */
  readonly outDir?: string;
  readonly functions?: readonly FunctionName[];
}

// A fixed time stamp keeps zips byte-identical across builds of the same
// code, so a redeploy of unchanged code uploads nothing new.
const ZIP_MTIME = new Date('2024-01-01T00:00:00Z');

export const bundleFunction = async (
  name: FunctionName,
  outDir: string,
): Promise<BuiltFunction> => {
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
  const unexpected = runtimeImports.filter(
    (specifier) =>
      !isBuiltin(specifier) &&
      !(OPTIONAL_IMPORTS as readonly string[]).includes(specifier),
  );
  if (unexpected.length > 0) {
    throw new Error(
      `${name}: the bundle would need ${unexpected.join(', ')} at run time`,
    );
  }
  const sources = Object.keys(result.metafile.inputs)
    .filter((input) => !input.includes('node_modules/') && !input.includes(':'))
    .map((input) => path.resolve(ROOT, input))
    .sort();
  const bundle = await readFile(bundlePath);
  const zip = zipSync(
    { [BUNDLE_FILE]: [new Uint8Array(bundle), { mtime: ZIP_MTIME }] },
    { level: 9 },
  );
  const zipPath = path.join(outDir, `${name}.zip`);
  await writeFile(zipPath, zip);
  return {
    name,
    bundlePath,
    zipPath,
    bundleBytes: bundle.length,
    zipBytes: zip.length,
    runtimeImports,
    sources,
    exports: output?.exports ?? [],
  };
};

export const buildFunctions = async (
  options: BuildOptions = {},
): Promise<BuiltFunction[]> => {
  const outDir = options.outDir ?? path.join(ROOT, 'dist');
  await mkdir(outDir, { recursive: true });
  const built: BuiltFunction[] = [];
  for (const name of options.functions ?? FUNCTION_NAMES) {
    built.push(await bundleFunction(name, outDir));
  }
  return built;
};

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

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

export const sizeReport = (built: readonly BuiltFunction[]): string =>
  built
    .map(
      (fn) =>
        `${fn.name.padEnd(12)} bundle ${kib(fn.bundleBytes).padStart(11)}` +
        `  zip ${kib(fn.zipBytes).padStart(10)}` +
        ` (${((fn.zipBytes / ZIP_LIMIT_BYTES) * 100).toFixed(0)}% of the 1 MB limit)`,
    )
    .join('\n');

export const oversized = (
  built: readonly BuiltFunction[],
): readonly BuiltFunction[] =>
  built.filter((fn) => fn.zipBytes >= ZIP_LIMIT_BYTES);

const main = async (): Promise<void> => {
  const built = await buildFunctions();
  process.stdout.write(`${sizeReport(built)}\n`);
  const tooBig = oversized(built);
  if (tooBig.length > 0) {
    throw new Error(
      `deployment zip over ${ZIP_LIMIT_BYTES} bytes: ` +
        tooBig.map((fn) => fn.name).join(', '),
    );
  }
  const { verifyBuiltFunctions } = await import('./build-verify.ts');
  for (const line of await verifyBuiltFunctions(built)) {
    process.stdout.write(`${line}\n`);
  }
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    process.stderr.write(`build failed: ${(error as Error).message}\n`);
    process.exitCode = 1;
  });
}
