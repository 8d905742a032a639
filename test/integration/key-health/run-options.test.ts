import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { timerEvent } from '../../../emulator/fc-runtime.ts';
import { DAY_MS } from '../../../shared/health/dates.ts';
import { byok, type Harness, startHarness } from './support.ts';

const seedTwoKeys = (h: Harness) =>
  h.cloud.control.seed({
    keys: [
      { keyId: 'key-crit', state: 'Disabled' },
      {
        keyId: 'key-warn',
        origin: 'EXTERNAL',
        state: 'Enabled',
        materialExpireTime: new Date(
          h.cloud.clock.now() + 5 * DAY_MS,
        ).toISOString(),
      },
    ],
    logstores: [
      byok('demo-proj', 'store-crit', 'key-crit'),
      byok('demo-proj', 'store-warn', 'key-warn'),
    ],
  });

const slackTexts = (h: Harness) =>
  h.cloud.sink
    .messages({ channel: 'slack' })
    .map((m) => JSON.stringify(m.body));

describe('run options, silences and the heartbeat', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('takes minSeverity from the timer payload (K1)', async () => {
    h = await startHarness();
    seedTwoKeys(h);

    await h.run(timerEvent('{"minSeverity":"critical"}'));

    const [text = ''] = slackTexts(h);
    expect(text).toContain('key-crit');
    expect(text).not.toContain('key-warn');
  });

  it('takes minSeverity from a payload sent as an object, with one warning', async () => {
    h = await startHarness();
    seedTwoKeys(h);

    const summary = await h.run({
      ...timerEvent(''),
      payload: { minSeverity: 'critical' },
    });

    const warnings = h.logs
      .records()
      .filter((r) => r.event === 'key_health.input');
    const [text = ''] = slackTexts(h);
    expect(warnings).toHaveLength(1);
    expect(summary.warnings).toEqual([
      'the timer payload is a JSON object, not a string as FC sends it; ' +
        'read it as run options',
    ]);
    expect(text).toContain('key-crit');
    expect(text).not.toContain('key-warn');
  });

  it('runs on defaults and logs one warning for the payload "hello" (K1)', async () => {
    h = await startHarness();
    seedTwoKeys(h);

    const summary = await h.run(timerEvent('hello'));

    const warnings = h.logs
      .records()
      .filter((r) => r.event === 'key_health.input');
    expect(warnings).toHaveLength(1);
    expect(summary.keys).toMatchObject({ critical: 1, warning: 1 });
    expect(slackTexts(h)[0]).toContain('key-warn');
  });

  it('sends and saves nothing on a dry run, then alerts on a real one', async () => {
    h = await startHarness();
    seedTwoKeys(h);

    const dry = await h.run('{"dryRun":true}');
    const real = await h.run();

    expect(dry.channels['ops-slack']).toMatchObject({
      outcome: 'dry_run',
      planned: 2,
    });
    expect(dry.bindingsRead).toBe(2);
    expect(real.bindingsRead).toBe(2);
    expect(slackTexts(h)).toHaveLength(1);
  });

  it('counts a silenced key without sending it, until the silence expires', async () => {
    h = await startHarness({
      env: {
        KEYGUARD_SILENCES: JSON.stringify([
          {
            keyId: 'key-crit',
            reason: 'retiring the old audit key',
            expiresAt: new Date(Date.now() + DAY_MS).toISOString(),
          },
        ]),
      },
    });
    seedTwoKeys(h);

    const silenced = await h.run();
    h.cloud.clock.advance(DAY_MS + 60_000);
    await h.run();

    const texts = slackTexts(h);
    expect(silenced.silenced).toBe(1);
    expect(texts[0]).not.toContain('key-crit');
    expect(texts.at(-1)).toContain('key-crit');
  });

  it('calls the heartbeat URL at the end of a complete run', async () => {
    const beats: string[] = [];
    const monitor = http.createServer((req, res) => {
      beats.push(req.url ?? '');
      res.end('ok');
    });
    await new Promise<void>((resolve) =>
      monitor.listen(0, '127.0.0.1', resolve),
    );
    const port = (monitor.address() as AddressInfo).port;
    h = await startHarness({
      env: {
        KEYGUARD_HEARTBEAT_URL: `http://127.0.0.1:${port}/ping/abc123secret`,
      },
    });

    const summary = await h.run();
    monitor.close();

    expect(summary.heartbeat).toBe('sent');
    expect(beats).toEqual(['/ping/abc123secret']);
    expect(h.logs.lines.join('\n')).not.toContain('abc123secret');
  });

  it('writes no credential, webhook token or signing secret into its logs', async () => {
    h = await startHarness();
    seedTwoKeys(h);

    await h.run();
    await h.run(timerEvent('hello'));

    const logs = h.logs.lines.join('\n');
    expect(slackTexts(h)).toHaveLength(1);
    expect(logs).toContain('key_health.run');
    for (const secret of [
      'dt-token-1',
      'slack-token-1',
      'local-demo-secret-not-for-cloud-use',
    ]) {
      expect(logs).not.toContain(secret);
    }
  });
});
