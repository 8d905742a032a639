import { readFile } from 'node:fs/promises';
import type { z } from 'zod';

/** A state file that could not be read, and why. */
export interface StoreProblem {
  readonly file: string;
  readonly reason: string;
}

export const errorCode = (error: unknown): string =>
  String((error as NodeJS.ErrnoException).code ?? 'unexpected');

/**
 * What reading one state file written with a `schema` version found. A
 * file from a newer keyguard (after a rollback) is told apart from a
 * damaged one: the first is left for the version that wrote it, the
 * second holds nothing usable. Neither stops a run reading the others.
 */
export type Read<T> =
  | { readonly kind: 'missing' }
  | { readonly kind: 'read'; readonly value: T }
  | { readonly kind: 'newer'; readonly reason: string }
  | { readonly kind: 'unusable'; readonly reason: string };

/** A schema version above the one this build writes. */
const newerSchema = (value: unknown, current: number): number | undefined => {
  const schema =
    typeof value === 'object' && value !== null
      ? (value as { schema?: unknown }).schema
      : undefined;
  return typeof schema === 'number' && schema > current ? schema : undefined;
};

export const readVersioned = async <S extends z.ZodType>(
  file: string,
  schema: S,
  current: number,
): Promise<Read<z.infer<S>>> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    // One entry that cannot be read (a directory named *.json, a file
    // without permission) must not stop the run that reads the others.
    const code = errorCode(error);
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unusable', reason: `cannot be read (${code})` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'unusable', reason: 'not JSON' };
  }
  const newer = newerSchema(value, current);
  if (newer !== undefined) {
    return {
      kind: 'newer',
      reason: `written by a newer keyguard (schema ${newer})`,
    };
  }
  const parsed = schema.safeParse(value);
  return parsed.success
    ? { kind: 'read', value: parsed.data }
    : {
        kind: 'unusable',
        reason: parsed.error.issues[0]?.message ?? 'invalid',
      };
};

export const readJson = async <S extends z.ZodType>(
  file: string,
  schema: S,
  current: number,
  onProblem: (problem: StoreProblem) => void,
): Promise<z.infer<S> | undefined> => {
  const read = await readVersioned(file, schema, current);
  if (read.kind === 'read') return read.value;
  if (read.kind !== 'missing') onProblem({ file, reason: read.reason });
  return undefined;
};
