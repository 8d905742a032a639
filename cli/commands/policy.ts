import { ACCOUNT_ENV } from '../account-id.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import {
  POLICY_DEFAULTS,
  POLICY_DOCUMENTS,
  type PolicyName,
  type PolicyValues,
  readPolicy,
  renderPolicy,
} from '../policies.ts';

/**
 * `keyguard policy <name>`: prints a RAM policy document from policies/
 * with this deployment's values filled in, ready for `aliyun ram
 * CreatePolicy`. Unset options fall back to the variables s.yaml reads,
 * so the same shell that deploys renders matching policies.
 */
export interface PolicyCommandOptions {
  readonly accountId?: string;
  readonly region?: string;
  readonly project?: readonly string[];
  readonly slsRole?: readonly string[];
  readonly logProject?: string;
  readonly failureQueue?: string;
  readonly stateBucket?: string;
}

const listOf = (text: string | undefined): string[] | undefined => {
  const items = (text ?? '').split(/[\s,]+/).filter((item) => item !== '');

  return items.length === 0 ? undefined : items;
};

export const policyValues = (
  name: PolicyName,
  options: PolicyCommandOptions,
  env: CliIo['env'],
): PolicyValues => {
  const projectsEnv =
    name === 'key-health'
      ? env.KEYGUARD_PROJECT_PATTERNS
      : env.PROVISION_ALLOWED_PROJECTS;

  return {
    accountId: options.accountId ?? env[ACCOUNT_ENV] ?? '',
    region: options.region ?? env.KEYGUARD_REGION ?? POLICY_DEFAULTS.region,
    projects:
      options.project ?? listOf(projectsEnv) ?? POLICY_DEFAULTS.projects,
    slsRoles:
      options.slsRole ??
      listOf(env.PROVISION_ALLOWED_ROLE_ARNS) ??
      POLICY_DEFAULTS.slsRoles,
    logProject:
      options.logProject ??
      env.KEYGUARD_LOG_PROJECT ??
      POLICY_DEFAULTS.logProject,
    failureQueue:
      options.failureQueue ??
      env.KEYGUARD_FAILURE_QUEUE ??
      POLICY_DEFAULTS.failureQueue,
    stateBucket:
      options.stateBucket ??
      env.KEYGUARD_STATE_BUCKET ??
      POLICY_DEFAULTS.stateBucket,
  };
};

export const isPolicyName = (name: string): name is PolicyName =>
  Object.hasOwn(POLICY_DOCUMENTS, name);

export const runPolicy = async (
  name: PolicyName,
  options: PolicyCommandOptions,
  io: CliIo,
): Promise<ExitCode> => {
  const rendered = renderPolicy(
    await readPolicy(name),
    policyValues(name, options, io.env),
  );
  io.stdout.write(`${JSON.stringify(rendered, null, 2)}\n`);

  return EXIT.ok;
};
