import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { transform } from 'esbuild';

/**
 * The cold-start baseline: the same source, unbundled. Every TypeScript
 * file is turned into a JavaScript file of its own (types stripped,
 * nothing else changed) with its relative imports pointing at `.js`, and
 * the packages are loaded from node_modules file by file, as a plain
 * `node_modules` deployment would. The tree lives under the repository so
 * that Node finds node_modules.
 */
export const SOURCE_DIRS = ['functions', 'shared', 'emulator'] as const;

const RELATIVE_TS = /(["'])(\.{1,2}\/[^"'\n]*?)\.ts\1/g;

export const pointImportsAtJs = (code: string): string =>
  code.replace(RELATIVE_TS, '$1$2.js$1');

const tsFiles = async (dir: string): Promise<string[]> => {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((name) => name.endsWith('.ts')).sort();
};

/** Writes the tree under `outDir`; returns how many files it holds. */
export const transpileUnbundled = async (
  root: string,
  outDir: string,
): Promise<number> => {
  await rm(outDir, { recursive: true, force: true });
  let files = 0;
  for (const dir of SOURCE_DIRS) {
    for (const name of await tsFiles(path.join(root, dir))) {
      const source = await readFile(path.join(root, dir, name), 'utf8');
      const { code } = await transform(source, {
        loader: 'ts',
        format: 'esm',
        target: 'node20',
      });
      const target = path.join(outDir, dir, name.replace(/\.ts$/, '.js'));
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, pointImportsAtJs(code));
      files += 1;
    }
  }
  return files;
};
