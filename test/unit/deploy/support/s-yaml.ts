import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * Reads s.yaml and resolves the Serverless Devs variables keyguard uses
 * (`${env('NAME', 'default')}`, `${vars.x}`, `${config('AccountID')}`)
 * the way `s preview` would, without the CLI. Any other expression is an
 * error, so a typo such as `${evn(...)}` cannot slip through as text.
 */
export const ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../..',
);

export const S_YAML = path.join(ROOT, 's.yaml');

/** Stands in for `s config`'s AccountID in offline checks. */
export const SAMPLE_ACCOUNT_ID = '1111222233334444';

export const loadSYaml = (file = S_YAML): unknown =>
  parse(readFileSync(file, 'utf8'));

export interface EnvReference {
  readonly name: string;
  readonly defaultValue?: string;
  /** Where it was found, as a dotted path. */
  readonly at: string;
}

const EXPRESSION = /\$\{([^}]*)\}/g;
const ENV_CALL =
  /^env\(\s*'([A-Za-z_][A-Za-z0-9_]*)'\s*(?:,\s*'([^']*)'\s*)?\)$/;
const CONFIG_CALL = /^config\(\s*'([A-Za-z]+)'\s*\)$/;
const VARS_PATH = /^vars\.([A-Za-z0-9_.]+)$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every `${env(...)}` in the document, resolved or not. */
export const envReferences = (doc: unknown): EnvReference[] => {
  const found: EnvReference[] = [];
  const walk = (value: unknown, at: string): void => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(EXPRESSION)) {
        const call = ENV_CALL.exec((match[1] ?? '').trim());
        if (call?.[1] !== undefined) {
          found.push({
            name: call[1],
            at,
            ...(call[2] === undefined ? {} : { defaultValue: call[2] }),
          });
        }
      }
    } else if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) walk(item, `${at}.${index}`);
    } else if (isRecord(value)) {
      for (const [key, item] of Object.entries(value)) {
        walk(item, at === '' ? key : `${at}.${key}`);
      }
    }
  };
  walk(doc, '');

  return found;
};

export interface ResolveOptions {
  /** The deploying shell's environment; defaults apply for the rest. */
  readonly env?: Readonly<Record<string, string>>;
  readonly accountId?: string;
}

const lookupVar = (vars: unknown, dotted: string): unknown => {
  let value: unknown = vars;
  for (const part of dotted.split('.')) {
    if (!isRecord(value) || !(part in value)) {
      throw new Error(`\${vars.${dotted}} names no variable`);
    }
    value = value[part];
  }

  return value;
};

export const resolveSYaml = (
  doc: unknown,
  options: ResolveOptions = {},
): unknown => {
  const env = options.env ?? {};
  const vars = isRecord(doc) ? doc.vars : undefined;

  const evaluate = (expression: string, at: string): unknown => {
    const trimmed = expression.trim();
    const envCall = ENV_CALL.exec(trimmed);
    if (envCall?.[1] !== undefined) {
      const value = env[envCall[1]] ?? envCall[2];
      if (value === undefined) {
        throw new Error(`${at}: ${envCall[1]} is unset and has no default`);
      }
      return value;
    }
    const configCall = CONFIG_CALL.exec(trimmed);
    if (configCall?.[1] === 'AccountID') {
      return options.accountId ?? SAMPLE_ACCOUNT_ID;
    }
    const varsPath = VARS_PATH.exec(trimmed);
    if (varsPath?.[1] !== undefined) {
      return resolveValue(lookupVar(vars, varsPath[1]), at);
    }
    throw new Error(`${at}: unsupported expression \${${expression}}`);
  };

  const resolveString = (text: string, at: string): unknown => {
    const whole = /^\$\{([^}]*)\}$/.exec(text);
    if (whole?.[1] !== undefined) return evaluate(whole[1], at);

    return text.replace(EXPRESSION, (_, expression: string) =>
      String(evaluate(expression, at)),
    );
  };

  const resolveValue = (value: unknown, at: string): unknown => {
    if (typeof value === 'string') return resolveString(value, at);
    if (Array.isArray(value)) {
      return value.map((item, index) => resolveValue(item, `${at}.${index}`));
    }
    if (isRecord(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          resolveValue(item, at === '' ? key : `${at}.${key}`),
        ]),
      );
    }

    return value;
  };

  return resolveValue(doc, '');
};
