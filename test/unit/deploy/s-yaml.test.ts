import { describe, expect, it } from 'vitest';
import { actionTrailEvent } from '../../../emulator/kms/actiontrail-event.ts';
import {
  kmsChangeOf,
  WATCHED_KMS_CALLS,
} from '../../../shared/health/kms-event.ts';
import { optionsFromText } from '../../../shared/health/run-options.ts';
import {
  checkDeployment,
  DEPLOY_VARIABLES,
  resolvedDeployment,
} from './support/deployment-checks.ts';
import { matchesPattern } from './support/event-pattern.ts';
import { httpTriggerProblems, servedRoutes } from './support/http-routes.ts';
import { loadSYaml } from './support/s-yaml.ts';
import type { Trigger } from './support/s-yaml-schema.ts';

// biome-ignore lint/suspicious/noExplicitAny: tests edit parsed YAML freely
type Doc = any;

/** A deep copy of s.yaml for a test to break. */
const copy = (): Doc => structuredClone(loadSYaml());

const props = (doc: Doc, resource: string) => doc.resources[resource].props;

/** Serverless Devs' `${env('NAME', 'default')}` as s.yaml spells it. */
const envOf = (name: string, fallback?: string): string =>
  fallback === undefined
    ? `\${env('${name}')}`
    : `\${env('${name}', '${fallback}')}`;

const trigger = (doc: Doc, resource: string, name: string) =>
  props(doc, resource).triggers.find(
    (t: { triggerName: string }) => t.triggerName === name,
  );

const rulesAt = (problems: { at: string; rule: string }[], at: string) =>
  problems.filter((p) => p.at === at).map((p) => p.rule);

const kmsRule = (): Record<string, unknown> => {
  const rule = resolvedDeployment(loadSYaml()).resources[
    'key-health'
  ]?.props.triggers.find((t: Trigger) => t.triggerName === 'kms-key-changes');
  if (rule?.triggerType !== 'eventbridge') throw new Error('no KMS rule');

  return JSON.parse(rule.triggerConfig.eventRuleFilterPattern);
};

const kmsCall = (eventName: string) =>
  actionTrailEvent({
    eventId: 'evt-1',
    eventName,
    region: 'cn-hangzhou',
    requestId: 'req-1',
    caller: {
      accountId: '1111222233334444',
      accessKeyId: 'LTAI5tLocalDemoKey0001',
      temporary: false,
    },
    keyId: 'key-demo0002',
    params: { KeyId: 'key-demo0002' },
    at: Date.parse('2025-01-01T00:00:00Z'),
    sourceIpAddress: '127.0.0.1',
    userAgent: 'test',
  });

describe('s.yaml', () => {
  it('passes every offline check as committed', () => {
    // Act
    const problems = checkDeployment(loadSYaml());

    // Assert
    expect(problems).toEqual([]);
  });

  it('still passes with every deploy variable overridden', () => {
    // Prepare
    const env: Record<string, string> = {
      KEYGUARD_REGION: 'cn-shanghai',
      KEYGUARD_LOG_PROJECT: 'ops-logs',
      KEYGUARD_REQUEST_QUEUE: 'lg-requests',
      KEYGUARD_DEAD_LETTER_QUEUE: 'lg-dlq',
      KEYGUARD_FAILURE_QUEUE: 'lg-failures',
      KEYGUARD_STATE_BUCKET: 'ops-state',
      KEYGUARD_STATE_DIR: '/mnt/state',
      KEYGUARD_HTTP_AUTH_TYPE: 'anonymous',
    };

    // Act
    const problems = checkDeployment(loadSYaml(), env);
    const resolved = resolvedDeployment(loadSYaml(), env);

    // Assert
    expect(Object.keys(env).sort()).toEqual(
      Object.keys(DEPLOY_VARIABLES).sort(),
    );
    expect(problems).toEqual([]);
    expect(resolved.resources['key-health']?.props.region).toBe('cn-shanghai');
  });

  it('refuses an environment name the function does not read', () => {
    // Prepare
    const doc = copy();
    props(doc, 'provision').environmentVariables.PROVISION_ALLOWED_PROJECT =
      envOf('PROVISION_ALLOWED_PROJECT', '');

    // Act
    const problems = checkDeployment(doc);

    // Assert
    const at =
      'resources.provision.props.environmentVariables.PROVISION_ALLOWED_PROJECT';
    expect(rulesAt(problems, at)).toContain(
      'is not a variable the provision function reads',
    );
  });

  it("refuses one function's setting given to the other", () => {
    // Prepare
    const doc = copy();
    props(doc, 'key-health').environmentVariables.PROVISION_ALLOWED_PROJECTS =
      envOf('PROVISION_ALLOWED_PROJECTS', '*');

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(
      rulesAt(
        problems,
        'resources.key-health.props.environmentVariables.PROVISION_ALLOWED_PROJECTS',
      ),
    ).toContain('is not a variable the key-health function reads');
  });

  it('accepts the variables a channel entry names for its URL', () => {
    // Prepare
    const doc = copy();
    const env = props(doc, 'key-health').environmentVariables;
    env.KEYGUARD_CHANNELS =
      '[{"name":"ops","type":"dingtalk","urlEnv":"OPS_DINGTALK_URL"}]';
    env.OPS_DINGTALK_URL = envOf('OPS_DINGTALK_URL', '');

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(problems).toEqual([]);
  });

  it('refuses a variable that Function Compute sets itself', () => {
    // Prepare
    const doc = copy();
    props(doc, 'provision').environmentVariables.FC_REGION = 'cn-hangzhou';

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(
      rulesAt(
        problems,
        'resources.provision.props.environmentVariables.FC_REGION',
      ),
    ).toEqual(['is set by Function Compute itself and must not be in s.yaml']);
  });

  it('refuses a setting read from a variable of another name', () => {
    // Prepare
    const doc = copy();
    props(doc, 'provision').environmentVariables.KEYGUARD_LOG_LEVEL = envOf(
      'LOG_LEVEL',
      'info',
    );

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(
      rulesAt(
        problems,
        'resources.provision.props.environmentVariables.KEYGUARD_LOG_LEVEL',
      ),
    ).toContain(
      `reads ${envOf('LOG_LEVEL')}; a setting is read under its own name`,
    );
  });

  it('refuses an env() without a default', () => {
    // Prepare
    const doc = copy();
    doc.vars.logProject = envOf('KEYGUARD_LOG_PROJECT');

    // Act
    const problems = checkDeployment(doc, { KEYGUARD_LOG_PROJECT: 'logs' });

    // Assert
    expect(rulesAt(problems, 'vars.logProject')).toEqual([
      `${envOf('KEYGUARD_LOG_PROJECT')} needs a default`,
    ]);
  });

  it('refuses an expression Serverless Devs would misread', () => {
    // Prepare: s ends an expression at the first "}".
    const doc = copy();
    props(doc, 'provision').environmentVariables.KEYGUARD_SLS_ENDPOINT = envOf(
      'KEYGUARD_SLS_ENDPOINT',
      '{region}.log.aliyuncs.com',
    );

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(problems.map((p) => p.rule).join('\n')).toMatch(
      /unsupported expression/,
    );
  });

  it('refuses a timer payload that is not a string', () => {
    // Prepare
    const doc = copy();
    trigger(doc, 'key-health', 'every-10m').triggerConfig.payload = {
      minSeverity: 'warning',
    };

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(
      rulesAt(
        problems,
        'resources.key-health.props.triggers.0.triggerConfig.payload',
      ),
    ).toEqual(['must be a string (JSON text)']);
  });

  it('refuses a misspelt key in a trigger config', () => {
    // Prepare
    const doc = copy();
    const http = trigger(doc, 'provision', 'http').triggerConfig;
    http.authtype = http.authType;
    delete http.authType;

    // Act
    const problems = checkDeployment(doc);

    // Assert
    const at = 'resources.provision.props.triggers.0.triggerConfig';
    expect(problems.map((p) => p.at)).toContain(`${at}.authType`);
    expect(rulesAt(problems, at).join(' ')).toMatch(/authtype/);
  });

  it('refuses an HTTP trigger with an unknown auth type', () => {
    // Act
    const problems = checkDeployment(loadSYaml(), {
      KEYGUARD_HTTP_AUTH_TYPE: 'none',
    });

    // Assert
    expect(problems.map((p) => p.at)).toEqual([
      'resources.provision.props.triggers.0.triggerConfig.authType',
    ]);
  });

  it('allows exactly the HTTP methods the provision routes serve', async () => {
    // Prepare
    const routes = await servedRoutes();

    // Act
    const problems = httpTriggerProblems(
      resolvedDeployment(loadSYaml()),
      routes,
    );

    // Assert
    expect(problems).toEqual([]);
    expect(routes.flatMap((route) => route.methods)).toEqual(
      expect.arrayContaining(['GET', 'POST']),
    );
  });

  it('refuses an HTTP trigger that turns away a served method', async () => {
    // Prepare
    const doc = copy();
    trigger(doc, 'provision', 'http').triggerConfig.methods = ['POST', 'PUT'];

    // Act
    const problems = httpTriggerProblems(
      resolvedDeployment(doc),
      await servedRoutes(),
    );

    // Assert
    const at = 'resources.provision.props.triggers.0.triggerConfig.methods';
    const rules = rulesAt(problems, at);
    expect(rules).toContain(
      'leaves out GET, which the function serves on ' +
        '/logstores/demo-proj/app-audit',
    );
    expect(rules).toContain(
      'lets through PUT, which no route of the function serves',
    );
  });

  it('refuses a queue trigger without its MNS queue', () => {
    // Prepare
    const doc = copy();
    delete trigger(doc, 'provision', 'request-queue').triggerConfig
      .eventSourceConfig.eventSourceParameters;

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(problems.map((p) => p.at)).toContain(
      'resources.provision.props.triggers.1.triggerConfig.eventSourceConfig.eventSourceParameters.sourceMNSParameters',
    );
  });

  it('refuses a dead-letter queue that errorsTolerance NONE would bypass', () => {
    // Prepare
    const doc = copy();
    trigger(
      doc,
      'provision',
      'request-queue',
    ).triggerConfig.runOptions.errorsTolerance = 'NONE';

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(
      rulesAt(
        problems,
        'resources.provision.props.triggers.1.triggerConfig.runOptions.errorsTolerance',
      ),
    ).toEqual(['must be ALL for failed events to reach the dead-letter queue']);
  });

  it('refuses an event rule pattern that is not JSON text', () => {
    // Prepare
    const doc = copy();
    trigger(
      doc,
      'key-health',
      'kms-key-changes',
    ).triggerConfig.eventRuleFilterPattern = "{source: ['acs.actiontrail']}";

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(
      rulesAt(
        problems,
        'resources.key-health.props.triggers.1.triggerConfig.eventRuleFilterPattern',
      ),
    ).toEqual(['must be a string holding a JSON object']);
  });

  it('refuses memory outside 1-4 GB per vCPU', () => {
    // Prepare
    const doc = copy();
    props(doc, 'key-health').memorySize = 8192;

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(rulesAt(problems, 'resources.key-health.props.memorySize')).toEqual([
      'must be 1 to 4 GB per vCPU',
    ]);
  });

  it('refuses a state directory other than the OSS mount', () => {
    // Prepare
    const doc = copy();
    props(doc, 'key-health').environmentVariables.KEYGUARD_STATE_DIR =
      '/tmp/state';

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(
      rulesAt(
        problems,
        'resources.key-health.props.environmentVariables.KEYGUARD_STATE_DIR',
      ),
    ).toEqual(['must be the mountDir of an ossMountConfig mount point']);
  });

  it('refuses two functions sharing one role', () => {
    // Prepare
    const doc = copy();
    props(doc, 'key-health').role = props(doc, 'provision').role;

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(rulesAt(problems, 'resources.key-health.props.role')).toEqual([
      "is also provision's role; each function has its own",
    ]);
  });

  it("sends a timer payload that key-health's run options accept", () => {
    // Prepare
    const timer = resolvedDeployment(loadSYaml()).resources['key-health']?.props
      .triggers[0];
    if (timer?.triggerType !== 'timer') throw new Error('no timer');

    // Act
    const parsed = optionsFromText(timer.triggerConfig.payload);

    // Assert
    expect(parsed.warnings).toEqual([]);
    expect(timer.triggerConfig.cronExpression).toBe('@every 10m');
  });

  it('wakes key-health for exactly the KMS calls it watches', () => {
    // Act
    const rule = kmsRule() as { data: { eventName: string[] } };

    // Assert
    expect([...rule.data.eventName].sort()).toEqual(
      [...WATCHED_KMS_CALLS].sort(),
    );
  });

  it("matches the local cloud's DisableKey event, which key-health reads", () => {
    // Prepare
    const event = kmsCall('DisableKey');

    // Act
    const matched = matchesPattern(kmsRule(), event);

    // Assert
    expect(matched).toBe(true);
    expect(kmsChangeOf(event)).toMatchObject({
      change: { eventName: 'DisableKey', keyId: 'key-demo0002' },
    });
  });

  it.each([
    ['acs.actiontrail', 'actiontrail:ActionTrail:ApiCall'],
    ['acs.actiontrail', 'actiontrail:ActionTrail:ConsoleOperation'],
    ['acs.kms', 'kms:ActionTrail:ApiCall'],
    ['acs.kms', 'kms:ActionTrail:ConsoleOperation'],
  ])('wakes key-health for a %s event of type %s', (source, type) => {
    // Prepare: the same ActionTrail record, as either catalogue lists it.
    const event = { ...kmsCall('ScheduleKeyDeletion'), source, type };

    // Act
    const matched = matchesPattern(kmsRule(), event);

    // Assert
    expect(matched).toBe(true);
    expect(kmsChangeOf(event)).toMatchObject({
      change: { eventName: 'ScheduleKeyDeletion', keyId: 'key-demo0002' },
    });
  });

  it('lets through only event types that key-health reads', () => {
    // Prepare
    const rule = kmsRule() as { source: string[]; type: string[] };
    const event = kmsCall('DisableKey');

    // Act
    const read = rule.type.map(
      (type) => 'change' in kmsChangeOf({ ...event, type }),
    );

    // Assert
    expect(read).toEqual(rule.type.map(() => true));
    expect([...rule.source].sort()).toEqual(['acs.actiontrail', 'acs.kms']);
  });

  it("ignores another service's ActionTrail records", () => {
    // Prepare
    const event = {
      ...kmsCall('DisableKey'),
      source: 'acs.ecs',
      type: 'ecs:ActionTrail:ApiCall',
    };

    // Act
    const matched = matchesPattern(kmsRule(), event);

    // Assert
    expect(matched).toBe(false);
  });

  it("ignores another service's ActionTrail record of a watched name", () => {
    // Prepare: ActionTrail's own catalogue lists every service's calls.
    const kms = kmsCall('EnableKey');
    const data = { ...(kms.data as object), serviceName: 'Ecs' };
    const event = { ...kms, data };

    // Act
    const matched = matchesPattern(kmsRule(), event);

    // Assert
    expect(matched).toBe(false);
    expect(matchesPattern(kmsRule(), kms)).toBe(true);
  });

  it('ignores KMS calls that cannot make a key unusable', () => {
    // Act
    const matched = ['Encrypt', 'CreateKey', 'TagResource'].map((name) =>
      matchesPattern(kmsRule(), kmsCall(name)),
    );

    // Assert
    expect(matched).toEqual([false, false, false]);
  });
});
