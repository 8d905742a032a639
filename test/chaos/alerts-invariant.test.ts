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
