import { describe, expect, it } from 'vitest';
import { checkDeployment } from './support/deployment-checks.ts';
import { LOCAL_ONLY_ENV, LOCAL_ONLY_RULE } from './support/local-settings.ts';
import { copy, props, rulesAt, trigger } from './support/s-yaml-copies.ts';

/**
 * What the deployment must hold for keyguard to work as the README says,
 * beyond what FC itself accepts: one key-health run at a time, long
 * enough for a scan, on a full vCPU, and no queue message dropped.
 */
const KEY_HEALTH = 'resources.key-health.props';

describe('s.yaml requirements', () => {
  it.each([
    ['left out', undefined],
    ['5', { reservedConcurrency: 5 }],
    ['0', { reservedConcurrency: 0 }],
  ])('refuses key-health reserved concurrency %s', (_, config) => {
    // Prepare
    const doc = copy();
    if (config === undefined) delete props(doc, 'key-health').concurrencyConfig;
    else props(doc, 'key-health').concurrencyConfig = config;

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(
      rulesAt(problems, `${KEY_HEALTH}.concurrencyConfig.reservedConcurrency`),
    ).toEqual([
      'must be 1: two overlapping scans would race on the state store',
    ]);
  });

  it.each([10, 120])('refuses a key-health timeout of %i s', (timeout) => {
    // Prepare
    const doc = copy();
    props(doc, 'key-health').timeout = timeout;

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(rulesAt(problems, `${KEY_HEALTH}.timeout`)).toContain(
      'must be at least 180 s: a scan lists every project and Logstore',
    );
  });

  it('refuses a key-health timeout the next timer run would overlap', () => {
    // Prepare: the timer fires every 10 minutes.
    const doc = copy();
    props(doc, 'key-health').timeout = 900;

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(rulesAt(problems, `${KEY_HEALTH}.timeout`)).toContain(
      'must be shorter than the every-10m timer period (600 s)',
    );
  });

  it('refuses a scan on less than one vCPU', () => {
    // Prepare: memory scaled down too, which FC would accept.
    const doc = copy();
    props(doc, 'key-health').cpu = 0.1;
    props(doc, 'key-health').memorySize = 256;

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(rulesAt(problems, `${KEY_HEALTH}.cpu`)).toEqual([
      'must be at least 1 vCPU for the scan',
    ]);
  });

  it('refuses errorsTolerance ALL without a dead-letter queue', () => {
    // Prepare
    const doc = copy();
    delete trigger(doc, 'provision', 'request-queue').triggerConfig.runOptions
      .deadLetterQueue;

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(
      rulesAt(
        problems,
        'resources.provision.props.triggers.1.triggerConfig.runOptions.deadLetterQueue',
      ),
    ).toEqual([
      'is required with errorsTolerance ALL, or a failing message is dropped',
    ]);
  });

  it.each([
    ['KEYGUARD_MODE', 'local', 'provision'],
    ['KEYGUARD_MODE', 'local', 'key-health'],
    ['KEYGUARD_LOCAL_PORT', '4566', 'provision'],
    ['KEYGUARD_PROTOCOL', 'http', 'key-health'],
  ] as const)(
    'refuses %s: %s, a local-cloud setting, in %s',
    (name, value, resource) => {
      // Prepare
      const doc = copy();
      props(doc, resource).environmentVariables[name] = value;

      // Act
      const problems = checkDeployment(doc);

      // Assert
      expect(
        rulesAt(
          problems,
          `resources.${resource}.props.environmentVariables.${name}`,
        ),
      ).toEqual([`${LOCAL_ONLY_RULE}: ${LOCAL_ONLY_ENV[name]}`]);
    },
  );

  it('refuses a read-only mount for the state store', () => {
    // Prepare
    const doc = copy();
    props(doc, 'key-health').ossMountConfig.mountPoints[0].readOnly = true;

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(
      rulesAt(problems, `${KEY_HEALTH}.ossMountConfig.mountPoints.0.readOnly`),
    ).toEqual([
      'must be written out as false: key-health writes its state store ' +
        "there, and the default is not the code's to assume",
    ]);
  });

  it('refuses a state mount that leaves readOnly to the default', () => {
    // Prepare
    const doc = copy();
    delete props(doc, 'key-health').ossMountConfig.mountPoints[0].readOnly;

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(
      rulesAt(problems, `${KEY_HEALTH}.ossMountConfig.mountPoints.0.readOnly`),
    ).toHaveLength(1);
  });

  it('refuses a state mount other than the state directory', () => {
    // Prepare: the variable still reads the state directory.
    const doc = copy();
    props(doc, 'key-health').ossMountConfig.mountPoints[0].mountDir =
      '/mnt/elsewhere';

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(
      rulesAt(
        problems,
        `${KEY_HEALTH}.environmentVariables.KEYGUARD_STATE_DIR`,
      ),
    ).toEqual(['must be the mountDir of an ossMountConfig mount point']);
  });

  it('refuses key-health without a state directory', () => {
    // Prepare
    const doc = copy();
    delete props(doc, 'key-health').environmentVariables.KEYGUARD_STATE_DIR;

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(rulesAt(problems, `${KEY_HEALTH}.environmentVariables`)).toEqual([
      'must set KEYGUARD_STATE_DIR to the state mount',
    ]);
  });

  it("refuses a KMS rule that lets other services' records through", () => {
    // Prepare
    const doc = copy();
    const config = trigger(doc, 'key-health', 'kms-key-changes').triggerConfig;
    const pattern = JSON.parse(config.eventRuleFilterPattern);
    delete pattern.data.serviceName;
    config.eventRuleFilterPattern = JSON.stringify(pattern);

    // Act
    const problems = checkDeployment(doc);

    // Assert
    expect(
      rulesAt(
        problems,
        `${KEY_HEALTH}.triggers.1.triggerConfig.eventRuleFilterPattern`,
      ),
    ).toEqual([
      'must restrict data.serviceName to ["Kms"]: other ' +
        "services' ActionTrail records would wake key-health",
    ]);
  });
});
