import { describe, expect, it } from 'vitest';
import type { SinkMessage } from '../../emulator/sink/service.ts';
import { worldOf } from './fake-world.ts';
import { checkAlerts } from './invariants/alerts.ts';
import { emptyLedger, type KeyHealthRecord } from './ledger.ts';

/** The alert invariant must be able to fail, like the others. */
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

const describeKey = {
  service: 'kms',
  operation: 'DescribeKey',
  status: 200,
  query: { KeyId: 'key-chaos-aes1' },
} as const;

/** A timer run that reached the generic channel with nothing to send. */
const runOf = (truth: KeyHealthRecord['truth']): KeyHealthRecord => ({
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
  truth,
  boundKeys: ['key-chaos-aes1'],
  clean: true,
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
    ledger.runs.push(
      runOf({ 'key-chaos-aes1': { state: 'Enabled', healthy: true } }),
    );
    const world = worldOf({ sink: [firing(1, 0)], requests: [describeKey] });

    expect(checkAlerts(world, ledger).join()).toContain(
      'the key is healthy (Enabled) but',
    );
  });

  it('fails when a reached channel never heard of an unhealthy key', () => {
    // A notice recorded as sent that the channel never confirmed: the
    // next run has nothing to send, and the sink holds no notice.
    const ledger = emptyLedger();
    ledger.runs.push(
      runOf({ 'key-chaos-aes1': { state: 'Disabled', healthy: false } }),
    );
    const world = worldOf({ sink: [], requests: [describeKey] });

    expect(checkAlerts(world, ledger)).toContain(
      'run h1 (timer), generic, key-chaos-aes1: the key is Disabled but ' +
        'the channel was last told nothing',
    );
  });
});
