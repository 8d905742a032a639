import { DEPLOYED_FUNCTIONS } from '../../../../cli/deployed-functions.ts';
import { COMMON_ENV, PLATFORM_ENV } from '../../../../shared/config/common.ts';
import { KEY_HEALTH_ENV } from '../../../../shared/config/key-health.ts';
import { PROVISION_ENV } from '../../../../shared/config/provision.ts';
import { CHANNEL_VARIABLES, channelVariables } from './channel-variables.ts';
import { requirementProblems } from './function-requirements.ts';
import { localSettingProblems } from './local-settings.ts';
import { envReferences, resolveSYaml } from './s-yaml.ts';
import { type SYaml, sYamlSchema } from './s-yaml-schema.ts';
import { stateStoreProblems } from './state-store.ts';

/**
 * Every offline check of s.yaml, as a list of problems (empty when the
 * file is right). Tests run it on the real file and on broken copies, so
 * each rule is seen both to pass and to fail.
 */
export interface Problem {
  /** Dotted path into s.yaml. */
  readonly at: string;
  readonly rule: string;
}

/**
 * Variables read only while deploying: they shape resources, not the
 * functions' behaviour. The README's configuration table lists them too.
 */
export const DEPLOY_VARIABLES = {
  KEYGUARD_REGION: 'region to deploy both functions to',
  KEYGUARD_LOG_PROJECT: "SLS project that receives the functions' own logs",
  KEYGUARD_REQUEST_QUEUE: 'MNS queue of provisioning requests',
  KEYGUARD_DEAD_LETTER_QUEUE: 'MNS queue for requests that failed every retry',
  KEYGUARD_FAILURE_QUEUE:
    'MNS queue told about asynchronous invocations that failed for good',
  KEYGUARD_STATE_BUCKET: "OSS bucket holding key-health's state",
  KEYGUARD_STATE_DIR: 'where that bucket is mounted in key-health',
  KEYGUARD_HTTP_AUTH_TYPE: "the HTTP trigger's authType",
} as const;

/**
 * What each function reads, by s.yaml resource name: its config module's
 * variables, and for key-health the channel variables its entries name.
 */
export const RUNTIME_ENV: Readonly<Record<string, readonly string[]>> = {
  provision: [...COMMON_ENV, ...PROVISION_ENV],
  'key-health': [
    ...COMMON_ENV,
    ...KEY_HEALTH_ENV,
    ...Object.keys(CHANNEL_VARIABLES),
  ],
};

const ENV_VALUE = /^\$\{env\('([A-Za-z_][A-Za-z0-9_]*)'/;

const environmentProblems = (raw: unknown, resolved: SYaml): Problem[] => {
  const problems: Problem[] = [];
  const rawResources = (raw as { resources?: Record<string, unknown> })
    .resources;
  for (const [resource, { props }] of Object.entries(resolved.resources)) {
    const known = RUNTIME_ENV[resource];
    const at = `resources.${resource}.props.environmentVariables`;
    if (known === undefined) {
      problems.push({
        at: `resources.${resource}`,
        rule: 'is not a keyguard function',
      });
      continue;
    }
    const variables = props.environmentVariables;
    const allowed = new Set([
      ...known,
      ...channelVariables(variables.KEYGUARD_CHANNELS),
    ]);
    const rawVariables = ((
      rawResources?.[resource] as { props?: Record<string, unknown> }
    )?.props?.environmentVariables ?? {}) as Record<string, unknown>;
    for (const name of Object.keys(variables)) {
      if ((PLATFORM_ENV as readonly string[]).includes(name)) {
        problems.push({
          at: `${at}.${name}`,
          rule: 'is set by Function Compute itself and must not be in s.yaml',
        });
      } else if (!allowed.has(name)) {
        problems.push({
          at: `${at}.${name}`,
          rule: `is not a variable the ${resource} function reads`,
        });
      }
      const rawValue = rawVariables[name];
      const read =
        typeof rawValue === 'string' ? ENV_VALUE.exec(rawValue) : null;
      if (read?.[1] !== undefined && read[1] !== name) {
        problems.push({
          at: `${at}.${name}`,
          rule: `reads \${env('${read[1]}')}; a setting is read under its own name`,
        });
      }
    }
  }

  return problems;
};

const referenceProblems = (raw: unknown, resolved: SYaml): Problem[] => {
  const runtime = new Set(Object.values(RUNTIME_ENV).flat());
  const channelEnv = Object.values(resolved.resources).flatMap(({ props }) =>
    channelVariables(props.environmentVariables.KEYGUARD_CHANNELS),
  );
  return envReferences(raw).flatMap((reference): Problem[] => {
    const problems: Problem[] = [];
    if (reference.defaultValue === undefined) {
      problems.push({
        at: reference.at,
        rule: `\${env('${reference.name}')} needs a default`,
      });
    }
    if (
      !runtime.has(reference.name) &&
      !Object.hasOwn(DEPLOY_VARIABLES, reference.name) &&
      !channelEnv.includes(reference.name)
    ) {
      problems.push({
        at: reference.at,
        rule: `${reference.name} is neither a function setting nor a deploy variable`,
      });
    }
    return problems;
  });
};

const crossProblems = (resolved: SYaml): Problem[] => {
  const problems: Problem[] = [];
  const roles = new Map<string, string>();
  for (const [resource, { props }] of Object.entries(resolved.resources)) {
    const at = `resources.${resource}.props`;
    const expected =
      DEPLOYED_FUNCTIONS[resource as keyof typeof DEPLOYED_FUNCTIONS];
    if (props.functionName !== expected) {
      problems.push({
        at: `${at}.functionName`,
        rule: `must be ${expected}, the name the CLI invokes`,
      });
    }
    if (props.code !== `./dist/${resource}.zip`) {
      problems.push({
        at: `${at}.code`,
        rule: `must be ./dist/${resource}.zip, what npm run build writes`,
      });
    }
    const other = roles.get(props.role);
    if (other !== undefined) {
      problems.push({
        at: `${at}.role`,
        rule: `is also ${other}'s role; each function has its own`,
      });
    }
    roles.set(props.role, resource);
  }

  return problems;
};

export const checkDeployment = (
  raw: unknown,
  env: Readonly<Record<string, string>> = {},
): Problem[] => {
  let resolvedDoc: unknown;
  try {
    resolvedDoc = resolveSYaml(raw, { env });
  } catch (error) {
    return [{ at: '', rule: (error as Error).message }];
  }
  const parsed = sYamlSchema.safeParse(resolvedDoc);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => ({
      at: issue.path.join('.'),
      rule: issue.message,
    }));
  }

  return [
    ...environmentProblems(raw, parsed.data),
    ...localSettingProblems(parsed.data),
    ...referenceProblems(raw, parsed.data),
    ...crossProblems(parsed.data),
    ...stateStoreProblems(parsed.data),
    ...requirementProblems(raw, parsed.data),
  ];
};

/** What the build made of one function, as far as FC's handler goes. */
export interface BuildOutput {
  /** Files inside the deployment zip. */
  readonly files: readonly string[];
  /** Names the bundle exports. */
  readonly exports: readonly string[];
}

/**
 * Each function's `handler` (`file.export`) must name a file in its zip
 * (`index` → `index.mjs` or `index.js`) that exports that name.
 */
export const handlerProblems = (
  resolved: SYaml,
  builds: ReadonlyMap<string, BuildOutput>,
): Problem[] =>
  Object.entries(resolved.resources).flatMap(([resource, { props }]) => {
    const at = `resources.${resource}.props.handler`;
    const build = builds.get(resource);
    if (build === undefined) {
      return [{ at, rule: `no build output for ${resource}` }];
    }
    const [file = '', name = ''] = props.handler.split('.');
    const module = [`${file}.mjs`, `${file}.js`].find((candidate) =>
      build.files.includes(candidate),
    );
    if (module === undefined) {
      return [{ at, rule: `names ${file}.mjs, which the zip does not hold` }];
    }
    if (!build.exports.includes(name)) {
      return [{ at, rule: `names ${name}, which ${module} does not export` }];
    }
    return [];
  });

export const resolvedDeployment = (
  raw: unknown,
  env: Readonly<Record<string, string>> = {},
): SYaml => sYamlSchema.parse(resolveSYaml(raw, { env }));
