import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SINK_FAILURES } from '../../../emulator/sink/service.ts';
import { byok, type Harness, startHarness } from './support.ts';

/**
 * The heartbeat tells an outside monitor the checker works. A run whose
 * alerts could not be delivered has not done its job, so it must not
 * say it has.
 */
describe('the heartbeat and undelivered alerts', () => {
  let h: Harness;
  let monitor: http.Server;
  let beats: string[];
  beforeEach(async () => {
    beats = [];
    monitor = http.createServer((req, res) => {
      beats.push(req.url ?? '');
      res.end('ok');
    });
    await new Promise<void>((resolve) =>
      monitor.listen(0, '127.0.0.1', resolve),
    );
    const { port } = monitor.address() as AddressInfo;
    h = await startHarness({
      env: { KEYGUARD_HEARTBEAT_URL: `http://127.0.0.1:${port}/ping/hb1` },
    });
    h.cloud.control.seed({
      keys: [{ keyId: 'key-hb', state: 'Disabled' }],
      logstores: [byok('demo-proj', 'app-audit', 'key-hb')],
    });
  });
  afterEach(async () => {
    monitor.close();
    await h.close();
  });

  it('withholds the heartbeat while every channel refuses its alert', async () => {
    h.cloud.control.faults.add({
      service: 'sink',
      operation: 'dingtalk',
      action: SINK_FAILURES.dingtalk.securityCheck,
    });
    h.cloud.control.faults.add({
      service: 'sink',
      operation: 'slack',
      action: SINK_FAILURES.slack.invalidToken,
    });

    const summary = await h.run();

    expect(summary.outcome).toBe('complete');
    expect(summary.channels['ops-dingtalk']?.outcome).toBe('misconfigured');
    expect(summary.heartbeat).toBe('withheld');
    expect(beats).toEqual([]);
  });

  it('withholds it when one channel of two fails, and sends it once all have their alert', async () => {
    const fault = h.cloud.control.faults.add({
      service: 'sink',
      operation: 'slack',
      action: SINK_FAILURES.slack.invalidToken,
    });

    const failing = await h.run();
    h.cloud.control.faults.remove(fault);
    const healed = await h.run();

    expect(failing.channels['ops-dingtalk']?.sent).toBe(1);
    expect(failing.heartbeat).toBe('withheld');
    expect(healed.channels['ops-slack']?.sent).toBe(1);
    expect(healed.heartbeat).toBe('sent');
    expect(beats).toEqual(['/ping/hb1']);
  });
});
