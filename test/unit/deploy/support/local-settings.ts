import type { COMMON_ENV } from '../../../../shared/config/common.ts';
import type { Problem } from './deployment-checks.ts';
import type { SYaml } from './s-yaml-schema.ts';

/**
 * The common settings that exist to reach the local cloud
 * (shared/config/common.ts): a deployed function runs in cloud mode on
 * FC's defaults, so any of these in s.yaml can only point it away from
 * SLS and KMS. Typed by COMMON_ENV, so a rename there fails here.
 */
export const LOCAL_ONLY_ENV = {
  KEYGUARD_MODE: 'local would aim every SLS and KMS call at *.localhost',
  KEYGUARD_LOCAL_PORT: 'a deployed function has no local cloud to reach',
  KEYGUARD_PROTOCOL: 'http would send signed SLS and KMS calls in clear',
} as const satisfies Partial<Record<(typeof COMMON_ENV)[number], string>>;

export const LOCAL_ONLY_RULE =
  'is for the local cloud only and must not be in s.yaml';

export const localSettingProblems = (resolved: SYaml): Problem[] =>
  Object.entries(resolved.resources).flatMap(([resource, { props }]) =>
    Object.entries(LOCAL_ONLY_ENV)
      .filter(([name]) => Object.hasOwn(props.environmentVariables, name))
      .map(([name, reason]) => ({
        at: `resources.${resource}.props.environmentVariables.${name}`,
        rule: `${LOCAL_ONLY_RULE}: ${reason}`,
      })),
  );
