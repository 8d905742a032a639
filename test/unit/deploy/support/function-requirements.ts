import { CHANNEL_VARIABLES } from './channel-variables.ts';
import type { FunctionProps, SYaml } from './s-yaml-schema.ts';

/**
 * What keyguard itself needs from its deployment, beyond what FC
 * accepts: rules about one function's settings that the README states
 * and the code relies on. Each problem says why the rule exists.
 */
export interface RequirementProblem {
  readonly at: string;
  readonly rule: string;
}

/** "Several minutes": a scan lists every project and Logstore. */
export const MIN_SCAN_TIMEOUT_S = 180;

const EVERY = /^@every (\d+)([mh])$/;

/** A timer's period in seconds, when it is `@every <n>m|h`. */
const periodOf = (cronExpression: string): number | undefined => {
  const match = EVERY.exec(cronExpression);
  if (match === null) return undefined;

  return Number(match[1]) * (match[2] === 'h' ? 3_600 : 60);
};

interface Raw {
  readonly resources?: Record<
    string,
    { readonly props?: { readonly environmentVariables?: unknown } }
  >;
}

/**
 * Every documented channel variable, read from the shell with an empty
 * default: empty means unset to the channel config.
 */
const channelVariableProblems = (
  raw: unknown,
  at: string,
): RequirementProblem[] => {
  const env = ((raw as Raw).resources?.['key-health']?.props
    ?.environmentVariables ?? {}) as Record<string, unknown>;

  return Object.keys(CHANNEL_VARIABLES).flatMap((name) => {
    const expected = `\${env('${name}', '')}`;
    return env[name] === expected
      ? []
      : [
          {
            at: `${at}.environmentVariables`,
            rule:
              `must pass ${name} as ${expected}: a channel entry may ` +
              'name it, and s.yaml is the only way in',
          },
        ];
  });
};

const keyHealthProblems = (
  props: FunctionProps,
  at: string,
): RequirementProblem[] => {
  const problems: RequirementProblem[] = [];
  if (props.concurrencyConfig?.reservedConcurrency !== 1) {
    problems.push({
      at: `${at}.concurrencyConfig.reservedConcurrency`,
      rule: 'must be 1: two overlapping scans would race on the state store',
    });
  }
  if (props.timeout < MIN_SCAN_TIMEOUT_S) {
    problems.push({
      at: `${at}.timeout`,
      rule:
        `must be at least ${MIN_SCAN_TIMEOUT_S} s: a scan lists every ` +
        'project and Logstore',
    });
  }
  for (const trigger of props.triggers) {
    if (trigger.triggerType !== 'timer') continue;
    const period = periodOf(trigger.triggerConfig.cronExpression);
    if (period !== undefined && props.timeout >= period) {
      problems.push({
        at: `${at}.timeout`,
        rule:
          `must be shorter than the ${trigger.triggerName} timer period ` +
          `(${period} s)`,
      });
    }
  }
  if (props.cpu < 1) {
    problems.push({
      at: `${at}.cpu`,
      rule: 'must be at least 1 vCPU for the scan',
    });
  }

  return problems;
};

/**
 * ActionTrail's catalogue on the default bus carries every service's
 * records, matched here only by call name: without serviceName Kms, any
 * service's call of a watched name wakes key-health, which ignores it
 * only after taking the one run slot a scan or a real KMS event needs.
 */
const kmsRuleProblems = (
  props: FunctionProps,
  at: string,
): RequirementProblem[] =>
  props.triggers.flatMap((trigger, index) => {
    if (trigger.triggerType !== 'eventbridge') return [];
    const pattern = JSON.parse(trigger.triggerConfig.eventRuleFilterPattern);
    const services = (pattern as { data?: { serviceName?: unknown } }).data
      ?.serviceName;

    return JSON.stringify(services) === '["Kms"]'
      ? []
      : [
          {
            at: `${at}.triggers.${index}.triggerConfig.eventRuleFilterPattern`,
            rule:
              'must restrict data.serviceName to ["Kms"]: other ' +
              "services' ActionTrail records would wake key-health",
          },
        ];
  });

export const requirementProblems = (
  raw: unknown,
  resolved: SYaml,
): RequirementProblem[] =>
  Object.entries(resolved.resources).flatMap(([resource, { props }]) => {
    const at = `resources.${resource}.props`;

    return resource === 'key-health'
      ? [
          ...keyHealthProblems(props, at),
          ...kmsRuleProblems(props, at),
          ...channelVariableProblems(raw, at),
        ]
      : [];
  });
