import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EnableKeyRequest } from '@alicloud/kms20160120';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../../shared/health/dates.ts';
import { byok, type Harness, kmsAdmin, startHarness } from './support.ts';

/**
 * State files key-health finds but cannot take as they are: a stray
 * directory, a damaged alert file, a file a newer keyguard wrote. None
 * may stop the run, and none may swallow what channels need to hear.
 */
const texts = (h: Harness) =>
  h.cloud.sink.messages().map((m) => ({
    channel: m.channel,
    text: JSON.stringify(m.body),
  }));

const unreadable = (h: Harness) =>
  h.logs.records().filter((r) => r.event === 'state.unreadable');

describe('state files key-health cannot read', () => {
  let h: Harness;
  const alertFile = () =>
    path.join(h.stateDir, 'key-health/alerts/key.cn-hangzhou.key-c1.json');
  beforeEach(async () => {
    h = await startHarness();
    h.cloud.control.seed({
      keys: [{ keyId: 'key-c1', state: 'Disabled', deletionProtection: true }],
      logstores: [byok('demo-proj', 'app-audit', 'key-c1')],
    });
  });
  afterEach(async () => {
    await h.close();
  });

  it('reports a directory named like a binding file, with the run, and carries on', async () => {
    await h.run();
    const stray = 'key-health/bindings/demo-proj/weird.json';
    await mkdir(path.join(h.stateDir, stray));
    h.cloud.sink.reset();

    const summary = await h.run(undefined);

    const [warning, ...more] = unreadable(h);
    const run = h.logs.records().findLast((r) => r.event === 'key_health.run');
    expect(summary.outcome).toBe('complete');
    expect(summary.keys).toMatchObject({ checked: 1, critical: 1 });
    expect(more).toEqual([]);
    expect(String(warning?.file)).toContain('weird.json');
    expect(warning?.requestId).toBeDefined();
    expect(warning?.requestId).toBe(run?.requestId);
  });

  it('sends the resolved notice when the key recovers after its alert file was damaged', async () => {
    await h.run();
    await writeFile(alertFile(), '{"schema":1,"alertId":"key.cn-hangz');
    await kmsAdmin(h.cloud).enableKey(
      new EnableKeyRequest({ keyId: 'key-c1' }),
    );
    h.cloud.sink.reset();

    const recovered = await h.run();
    const after = await h.run();

    const sent = texts(h);
    expect(recovered.alerts.resolved).toBe(1);
    expect(sent.map((m) => m.channel).sort()).toEqual(['dingtalk', 'slack']);
    for (const message of sent) {
      expect(message.text).toMatch(/RESOLVED/);
      expect(message.text).toContain('key-c1');
    }
    expect(unreadable(h)).toHaveLength(1);
    expect(after.channels['ops-slack']?.outcome).toBe('nothing_to_send');
    expect(await readFile(`${alertFile()}.corrupt`, 'utf8')).toContain(
      'key.cn-hangz',
    );
  });

  it('sends the alert again when the key is still broken after its file was damaged', async () => {
    await h.run();
    await writeFile(alertFile(), '');
    h.cloud.sink.reset();

    const summary = await h.run();
    const repeat = await h.run();

    const sent = texts(h);
    expect(summary.alerts.firing).toBe(1);
    expect(sent).toHaveLength(2);
    for (const message of sent) {
      expect(message.text).not.toMatch(/RESOLVED/);
      expect(message.text).toMatch(/key-c1.*is disabled/);
    }
    expect(repeat.channels['ops-dingtalk']?.outcome).toBe('nothing_to_send');
  });

  it('leaves a newer keyguard’s alert file alone: nothing sent, nothing written', async () => {
    await h.run();
    const newer = `${JSON.stringify({ schema: 2, alertId: 'key.cn-hangzhou.key-c1' })}\n`;
    await writeFile(alertFile(), newer);
    h.cloud.sink.reset();
    h.cloud.clock.advance(5 * HOUR_MS);

    const first = await h.run();
    await kmsAdmin(h.cloud).enableKey(
      new EnableKeyRequest({ keyId: 'key-c1' }),
    );
    await h.run();

    expect(first.keys).toMatchObject({ critical: 1 });
    expect(h.cloud.sink.messages()).toEqual([]);
    expect(await readFile(alertFile(), 'utf8')).toBe(newer);
    expect(unreadable(h)).toHaveLength(2);
    expect(String(unreadable(h)[0]?.reason)).toMatch(/newer.*left alone/);
  });
});
