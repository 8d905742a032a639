import { describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../emulator/request-log.ts';
import type { SinkMessage } from '../../emulator/sink/service.ts';
import { checkAlerts } from './invariants/alerts.ts';
import { checkAudit } from './invariants/audit.ts';
import { checkLogstores } from './invariants/logstores.ts';
import { checkSecrets } from './invariants/secrets.ts';
import { checkWrites } from './invariants/writes.ts';
import { emptyLedger, type KeyHealthRecord, type Ledger } from './ledger.ts';
import type { RequestSpec } from './requests.ts';
import type { World } from './world.ts';

/**
 * Each invariant must be able to fail: these feed the checkers a world
 * that breaks one rule and expect them to say so, and a world that keeps
 * it and expect silence.
 */
interface Fake {
  logstores?: { project: string; logstoreName: string; fields: object }[];
  requests?: Partial<RequestLogEntry>[];
  sink?: Partial<SinkMessage>[];
  lines?: string[];
  canaries?: string[];
}

const worldOf = (fake: Fake): World => {
  const requests = (fake.requests ?? []).map((r, i) => ({
    seq: i + 1,
    query: {},
    ...r,
  })) as RequestLogEntry[];
  const lines = fake.lines ?? [];
  return {
    cloud: {
      sls: {
        snapshot: () => ({ projects: [], logstores: fake.logstores ?? [] }),
      },
      control: {
        requests: (filter: { service?: string; operation?: string } = {}) =>
          requests.filter(
            (r) =>
              (filter.service === undefined || r.service === filter.service) &&
              (filter.operation === undefined ||
                r.operation === filter.operation),
          ),
        callCounts: () => {
          const counts: Record<string, number> = {};
          for (const r of requests) {
            const key = `${r.service}:${r.operation}`;
            counts[key] = (counts[key] ?? 0) + 1;
          }
          return counts;
        },
      },
      sink: { messages: () => (fake.sink ?? []) as SinkMessage[] },
    },
    logs: {
      lines,
      records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    },
    canaries: new Set(fake.canaries ?? []),
  } as unknown as World;
};

const spec: RequestSpec = {
  project: 'chaos-a',
  logstoreName: 'ls-01',
  encryption: { encryptType: 'aes_gcm', keyId: 'key-chaos-aes1' },
};
const storedWith = (keyId: string) => ({
  project: 'chaos-a',
  logstoreName: 'ls-01',
  fields: {
    encrypt_conf: {
      enable: true,
      encrypt_type: 'aes_gcm',
      user_cmk_info: {
        cmk_key_id: keyId,
        arn: 'acs:ram::1:role/r',
        region_id: 'cn-hangzhou',
      },
    },
  },
});
const create = {
  service: 'sls',
  operation: 'CreateLogStore',
  project: 'chaos-a',
  status: 200,
  body: JSON.stringify({ logstoreName: 'ls-01' }),
} as const;
const answered = (status: number, body: Record<string, unknown>): Ledger => {
  const ledger = emptyLedger();
  ledger.http.push({ spec, answers: [{ requestId: 'r1', status, body }] });
  return ledger;
};

describe('the Logstore invariant', () => {
  it('holds when the one create made what was asked', () => {
    const world = worldOf({
      logstores: [storedWith('key-chaos-aes1')],
      requests: [create],
    });

    expect(
      checkLogstores(world, answered(201, { outcome: 'created' })),
    ).toEqual([]);
  });

  it('fails when a success left another key on the Logstore', () => {
    const world = worldOf({
      logstores: [storedWith('key-chaos-aes2')],
      requests: [create],
    });

    expect(checkLogstores(world, answered(201, {})).join()).toContain('holds');
  });

  it('fails when the Logstore was created twice', () => {
    const world = worldOf({
      logstores: [storedWith('key-chaos-aes1')],
      requests: [create, create],
    });

    expect(checkLogstores(world, answered(201, {}))).toContain(
      'chaos-a/ls-01 was created 2 times',
    );
  });

  it('fails when a refusal names no reason', () => {
    expect(checkLogstores(worldOf({}), answered(409, {})).join()).toContain(
      'without a known code',
    );
  });
});

describe('the audit invariant', () => {
  it('fails when a queue message has no audit line and no outcome', () => {
    const ledger = emptyLedger();
    ledger.messages.set('M1', { messageId: 'M1', spec, text: '{}' });
    ledger.invocations.push({
      requestId: 'q1',
      messageIds: ['M1'],
      threw: false,
    });

    const violations = checkAudit(worldOf({}), ledger);

    expect(violations).toContain(
      'message M1 in q1: 0 audit lines for 1 deliveries',
    );
    expect(violations).toContain('message M1 never reached an outcome');
  });

  it('holds when each delivery wrote its one line', () => {
    const ledger = emptyLedger();
    ledger.messages.set('M1', { messageId: 'M1', spec, text: '{}' });
    ledger.invocations.push({
      requestId: 'q1',
      messageIds: ['M1'],
      threw: false,
    });
    const line = JSON.stringify({
      event: 'provision.outcome',
      requestId: 'q1',
      messageId: 'M1',
      outcome: 'created',
    });

    expect(checkAudit(worldOf({ lines: [line] }), ledger)).toEqual([]);
  });
});

const firing = (seq: number, at: number): Partial<SinkMessage> => ({
  seq,
  channel: 'generic',
  receivedAt: at,
  accepted: true,
  body: {
    alerts: [
      {
        keyId: 'key-chaos-aes1',
        status: 'firing',
        severity: 'critical',
        title: 'Key key-chaos-aes1 (cn-hangzhou) is disabled',
        keyState: 'Disabled',
        logstores: ['chaos-a/ls-01'],
      },
    ],
  },
});

describe('the alert invariant', () => {
  it('fails when a channel hears one thing twice within the repeat', () => {
    const world = worldOf({ sink: [firing(1, 0), firing(2, 60_000)] });

    const violations = checkAlerts(world, emptyLedger());

    expect(violations.join()).toContain(
      'the same CRITICAL notice again after 1 min',
    );
  });

  it('fails when a reached channel was last told the opposite', () => {
    const ledger = emptyLedger();
    const run: KeyHealthRecord = {
      requestId: 'h1',
      kind: 'timer',
      summary: {
        channels: { 'demo-generic': { outcome: 'nothing_to_send' } },
      } as never,
      threw: false,
      logAfter: 0,
      logUpTo: 1,
      sinkAfter: 0,
      sinkUpTo: 1,
      truth: { 'key-chaos-aes1': { state: 'Enabled', healthy: true } },
      boundKeys: ['key-chaos-aes1'],
      clean: true,
    };
    ledger.runs.push(run);
    const world = worldOf({
      sink: [firing(1, 0)],
      requests: [
        {
          service: 'kms',
          operation: 'DescribeKey',
          status: 200,
          query: { KeyId: 'key-chaos-aes1' },
        },
      ],
    });

    expect(checkAlerts(world, ledger).join()).toContain(
      'the key is healthy (Enabled) but',
    );
  });
});

describe('the secrets and writes invariants', () => {
  it('names the line that holds a secret, never the secret', () => {
    const world = worldOf({
      lines: ['{"message":"ok"}', '{"url":"x?access_token=tok3n-value"}'],
      canaries: ['tok3n-value'],
    });

    expect(checkSecrets(world)).toEqual([
      'log line 1 holds 1 registered secret(s)',
    ]);
  });

  it('fails on deletes, updates and KMS writes the run did not do', () => {
    const world = worldOf({
      requests: [
        { service: 'sls', operation: 'DeleteLogStore' },
        { service: 'kms', operation: 'DisableKey' },
      ],
    });

    expect(checkWrites(world, emptyLedger())).toEqual([
      'SLS saw 1 DeleteLogStore call(s)',
      'KMS saw 1 calls other than DescribeKey; the run made 0 key changes',
    ]);
  });
});
