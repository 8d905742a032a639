import { describe, expect, it } from 'vitest';
import { runRequestOf } from '../../../functions/key-health/run-request.ts';
import { classifyEvent } from '../../../shared/fc/trigger.ts';

const decodeTrigger = (raw: Buffer) => runRequestOf(classifyEvent(raw));

const timer = (payload: unknown) =>
  Buffer.from(
    JSON.stringify({
      triggerTime: '2025-01-01T00:00:00Z',
      triggerName: 'every-10m',
      payload,
    }),
  );

const actionTrail = (data: Record<string, unknown>) => ({
  id: 'evt-1',
  source: 'acs.actiontrail',
  specversion: '1.0',
  type: 'actiontrail:ActionTrail:ApiCall',
  time: '2025-01-01T00:00:00Z',
  data: { serviceName: 'Kms', acsRegion: 'cn-hangzhou', ...data },
});

describe('timer payloads (K1)', () => {
  it('parses a JSON string payload', () => {
    const trigger = decodeTrigger(timer('{"minSeverity":"warning"}'));

    expect(trigger).toMatchObject({
      kind: 'scan',
      trigger: 'timer',
      options: { minSeverity: 'warning', dryRun: false },
      warnings: [],
    });
  });

  it('takes an empty payload as the defaults, silently', () => {
    const trigger = decodeTrigger(timer(''));

    expect(trigger).toMatchObject({
      kind: 'scan',
      trigger: 'timer',
      options: { minSeverity: 'unverified', dryRun: false },
      warnings: [],
    });
  });

  it('takes an unparsable payload as the defaults plus one warning', () => {
    const trigger = decodeTrigger(timer('hello'));

    expect(trigger).toMatchObject({ kind: 'scan', trigger: 'timer' });
    expect(trigger.kind === 'scan' && trigger.options.minSeverity).toBe(
      'unverified',
    );
    expect(trigger.warnings).toEqual([
      'run options are not JSON; using defaults',
    ]);
  });

  it('reads a payload sent as a JSON object, with one warning', () => {
    const trigger = decodeTrigger(timer({ minSeverity: 'warning' }));

    expect(trigger).toMatchObject({
      kind: 'scan',
      trigger: 'timer',
      options: { minSeverity: 'warning' },
    });
    expect(trigger.warnings).toEqual([
      'the timer payload is a JSON object, not a string as FC sends it; ' +
        'read it as run options',
    ]);
  });

  it('takes any other payload that is not a string as the defaults plus one warning', () => {
    for (const payload of [42, ['warning'], true]) {
      const trigger = decodeTrigger(timer(payload));

      expect(trigger.kind === 'scan' && trigger.options.minSeverity).toBe(
        'unverified',
      );
      expect(trigger.warnings).toEqual([
        'the timer payload is not a string; using defaults',
      ]);
    }
  });

  it('takes a null payload as the defaults, silently', () => {
    const trigger = decodeTrigger(timer(null));

    expect(trigger.warnings).toEqual([]);
  });

  it('keeps the good fields of a payload and names the bad ones', () => {
    const trigger = decodeTrigger(
      timer('{"minSeverity":"loud","regions":["cn-shanghai"],"dryRun":true}'),
    );

    expect(trigger).toMatchObject({
      options: {
        minSeverity: 'unverified',
        regions: ['cn-shanghai'],
        dryRun: true,
      },
    });
    expect(trigger.warnings).toEqual([
      'minSeverity must be critical, warning or unverified',
    ]);
  });
});

describe('direct invokes', () => {
  it('reads the body as run options, and an empty body as defaults', () => {
    expect(decodeTrigger(Buffer.from('{"dryRun":true}'))).toMatchObject({
      kind: 'scan',
      trigger: 'invoke',
      options: { dryRun: true },
    });
    expect(decodeTrigger(Buffer.alloc(0))).toMatchObject({
      kind: 'scan',
      trigger: 'invoke',
      warnings: [],
    });
  });

  it('runs dry when dryRun is asked for with a value that is no boolean', () => {
    const trigger = decodeTrigger(Buffer.from('{"dryRun":"yes"}'));

    expect(trigger).toMatchObject({ options: { dryRun: true } });
    expect(trigger.warnings).toEqual([
      'dryRun must be true or false; running dry to be safe',
    ]);
  });

  it('reads options sent as a JSON string, as a timer payload is', () => {
    const body = JSON.stringify('{"minSeverity":"critical","dryRun":true}');

    const trigger = decodeTrigger(Buffer.from(body));

    expect(trigger).toMatchObject({
      options: { minSeverity: 'critical', dryRun: true },
    });
    expect(trigger.warnings).toHaveLength(1);
  });
});

describe('ActionTrail KMS events', () => {
  it('takes the key id from the request parameters', () => {
    const trigger = decodeTrigger(
      Buffer.from(
        JSON.stringify(
          actionTrail({
            eventName: 'DisableKey',
            requestParameters: { KeyId: 'key-demo0002' },
          }),
        ),
      ),
    );

    expect(trigger).toEqual({
      kind: 'keys',
      changes: [
        {
          eventName: 'DisableKey',
          region: 'cn-hangzhou',
          keyId: 'key-demo0002',
          eventId: 'evt-1',
          eventTime: '2025-01-01T00:00:00Z',
        },
      ],
      warnings: [],
    });
  });

  it('also reads the records EventBridge types under kms:ActionTrail', () => {
    const event = {
      ...actionTrail({
        eventName: 'DisableKey',
        requestParameters: { KeyId: 'key-k1' },
      }),
      source: 'acs.kms',
      type: 'kms:ActionTrail:ApiCall',
    };

    const trigger = decodeTrigger(Buffer.from(JSON.stringify(event)));

    expect(trigger).toMatchObject({
      kind: 'keys',
      changes: [{ eventName: 'DisableKey', keyId: 'key-k1' }],
    });
  });

  it('falls back to referenced resources, and to the whole region', () => {
    const events = [
      actionTrail({
        eventName: 'ScheduleKeyDeletion',
        referencedResources: { 'ACS::KMS::Key': ['key-b'] },
      }),
      actionTrail({ eventName: 'CancelKeyDeletion' }),
    ];

    const trigger = decodeTrigger(Buffer.from(JSON.stringify(events)));

    expect(trigger.kind === 'keys' && trigger.changes).toMatchObject([
      { keyId: 'key-b' },
      { eventName: 'CancelKeyDeletion', region: 'cn-hangzhou' },
    ]);
  });

  it('takes the key id out of a key ARN in the request parameters', () => {
    const events = [
      actionTrail({
        eventName: 'DisableKey',
        requestParameters: {
          KeyId: 'acs:kms:cn-hangzhou:1111222233334444:key/key-h',
        },
      }),
      actionTrail({
        eventName: 'SetDeletionProtection',
        requestParameters: {
          ProtectedResourceArn:
            'acs:kms:cn-hangzhou:1111222233334444:key/key-p',
          EnableDeletionProtection: 'false',
        },
      }),
    ];

    const trigger = decodeTrigger(Buffer.from(JSON.stringify(events)));

    expect(trigger.kind === 'keys' && trigger.changes).toMatchObject([
      { eventName: 'DisableKey', region: 'cn-hangzhou', keyId: 'key-h' },
      { eventName: 'SetDeletionProtection', keyId: 'key-p' },
    ]);
    expect(trigger.warnings).toEqual([]);
  });

  it('re-checks the whole region for a key named by an alias', () => {
    const events = ['alias/audit', 'acs:kms:cn-hangzhou:111:alias/audit'].map(
      (KeyId) =>
        actionTrail({ eventName: 'DisableKey', requestParameters: { KeyId } }),
    );

    const trigger = decodeTrigger(Buffer.from(JSON.stringify(events)));

    expect(trigger.kind === 'keys' && trigger.changes).toEqual([
      expect.not.objectContaining({ keyId: expect.anything() }),
      expect.not.objectContaining({ keyId: expect.anything() }),
    ]);
  });

  it('skips calls that change nothing and other services, saying why', () => {
    const trigger = decodeTrigger(
      Buffer.from(
        JSON.stringify([
          actionTrail({ eventName: 'TagResource' }),
          actionTrail({ eventName: 'DisableKey', serviceName: 'Ecs' }),
        ]),
      ),
    );

    expect(trigger).toMatchObject({ kind: 'keys', changes: [] });
    expect(trigger.warnings).toHaveLength(2);
  });
});
