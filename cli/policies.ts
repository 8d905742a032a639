import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KeyguardError } from '../shared/errors.ts';
import { ACCOUNT_ENV } from './account-id.ts';

/**
 * The RAM policy documents under policies/ hold placeholders such as
 * `<account-id>`; this fills them in for one deployment. A placeholder
 * that stands for a list (`<project>`, `<sls-role-arn>`) turns the string it
 * is in into one string per value, so "only on the configured projects"
 * is exactly the configured projects.
 */
export const POLICY_DOCUMENTS = {
  provision: 'provision-role.json',
  'key-health': 'key-health-role.json',
  'function-trust': 'function-role-trust.json',
  'sls-byok-trust': 'sls-byok-role-trust.json',
} as const;

export type PolicyName = keyof typeof POLICY_DOCUMENTS;

export const POLICIES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../policies',
);

export interface PolicyValues {
  readonly accountId: string;
  /** The region the functions are deployed in. */
  readonly region: string;
  /** Projects provisioning may create in, and key-health may read. */
  readonly projects: readonly string[];
  /**
   * RAM roles SLS may be handed for BYOK: a role name (in `accountId`)
   * or a role ARN, whose account is kept; `{accountId}` in an ARN is
   * `accountId`, as in PROVISION_ALLOWED_ROLE_ARNS.
   */
  readonly slsRoles: readonly string[];
  readonly logProject: string;
  readonly failureQueue: string;
  readonly stateBucket: string;
}

/** The s.yaml defaults, so a default deployment needs only the account. */
export const POLICY_DEFAULTS: Omit<PolicyValues, 'accountId'> = {
  region: 'cn-hangzhou',
  projects: ['*'],
  slsRoles: ['sls-byok-*'],
  logProject: 'keyguard-logs',
  failureQueue: 'keyguard-failures',
  stateBucket: 'keyguard-state',
};

const PLACEHOLDER = /<([a-z-]+)>/g;

const usage = (message: string): KeyguardError =>
  new KeyguardError(message, { code: 'usage', status: 400 });

/** What RAM takes in a name, with the wildcards a pattern may hold. */
const NAME = /^[A-Za-z0-9*?._-]+$/;

const ROLE_ARN = /^acs:ram::(\d{10,20}|\{accountId\}):role\/(.+)$/;

/** A role's ARN from a role name or a role ARN; never another account. */
const roleArnOf = (role: string, accountId: string): string => {
  if (NAME.test(role)) return `acs:ram::${accountId}:role/${role}`;
  const arn = ROLE_ARN.exec(role);
  if (arn?.[1] === undefined || arn[2] === undefined || !NAME.test(arn[2])) {
    throw usage(
      `<sls-role> value "${role}" is neither a RAM role name nor ` +
        'acs:ram::<account-id>:role/<name>',
    );
  }
  const account = arn[1] === '{accountId}' ? accountId : arn[1];

  return `acs:ram::${account}:role/${arn[2]}`;
};

const valuesOf = (values: PolicyValues): Record<string, readonly string[]> => ({
  'account-id': [values.accountId],
  region: [values.region],
  project: values.projects,
  'sls-role-arn': values.slsRoles.map((role) =>
    roleArnOf(role, values.accountId),
  ),
  'log-project': [values.logProject],
  'failure-queue': [values.failureQueue],
  'state-bucket': [values.stateBucket],
});

const expand = (
  text: string,
  table: Record<string, readonly string[]>,
): string[] => {
  const match = /<([a-z-]+)>/.exec(text);
  if (match === null) return [text];
  const name = match[1] ?? '';
  const choices = table[name];
  if (choices === undefined) throw usage(`unknown placeholder <${name}>`);
  if (choices.length === 0) throw usage(`<${name}> needs at least one value`);

  return choices.flatMap((choice) =>
    expand(text.replace(match[0], choice), table),
  );
};

const fill = (
  value: unknown,
  table: Record<string, readonly string[]>,
): unknown => {
  if (typeof value === 'string') {
    const all = expand(value, table);
    return all.length === 1 ? all[0] : all;
  }
  if (Array.isArray(value)) {
    return [
      ...new Set(
        value.flatMap((item) =>
          typeof item === 'string' ? expand(item, table) : [fill(item, table)],
        ),
      ),
    ];
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, fill(item, table)]),
    );
  }

  return value;
};

const checkValues = (values: PolicyValues): void => {
  if (!/^\d{10,20}$/.test(values.accountId)) {
    throw usage(
      values.accountId === ''
        ? `give --account-id or ${ACCOUNT_ENV}: the documents name the account`
        : `the account id "${values.accountId}" is not 10-20 digits`,
    );
  }
  // Roles may be ARNs, with ":" and "/": roleArnOf checks them.
  const table = valuesOf({ ...values, slsRoles: [] });
  for (const [name, list] of Object.entries(table)) {
    for (const item of list) {
      if (!NAME.test(item)) {
        throw usage(`<${name}> value "${item}" has characters RAM refuses`);
      }
    }
  }
};

/** The document with every placeholder filled in. */
export const renderPolicy = (
  document: unknown,
  values: PolicyValues,
): unknown => {
  checkValues(values);

  return fill(document, valuesOf(values));
};

export const placeholdersOf = (document: unknown): string[] => [
  ...new Set(
    [...JSON.stringify(document).matchAll(PLACEHOLDER)].map(
      (match) => match[1] ?? '',
    ),
  ),
];

export const readPolicy = async (name: PolicyName): Promise<unknown> =>
  JSON.parse(
    await readFile(path.join(POLICIES_DIR, POLICY_DOCUMENTS[name]), 'utf8'),
  );
