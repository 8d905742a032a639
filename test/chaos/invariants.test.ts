import { describe, expect, it } from 'vitest';
import { worldOf } from './fake-world.ts';
import { checkAudit } from './invariants/audit.ts';
import { checkLogstores } from './invariants/logstores.ts';
import { checkSecrets } from './invariants/secrets.ts';
import { checkWrites } from './invariants/writes.ts';
import { emptyLedger, type Ledger } from './ledger.ts';
import type { RequestSpec } from './requests.ts';

/**
 * Each invariant must be able to fail: these feed the checkers a world
 * that breaks one rule and expect them to say so, and a world that keeps
 * it and expect silence.
 */
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
