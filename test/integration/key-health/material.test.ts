import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../../../shared/health/dates.ts';
import {
  answerDescribeKey,
  byok,
  type Harness,
  startHarness,
} from './support.ts';

const MINUTE_MS = 60_000;

describe('imported key material (K3) through the real SDKs', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const seedExternal = (expiresIn: number | undefined) =>
    h.cloud.control.seed({
      keys: [
        {
          keyId: 'key-ext',
          origin: 'EXTERNAL',
          state: 'Enabled',
          deletionProtection: true,
          ...(expiresIn === undefined
            ? {}
            : {
                materialExpireTime: new Date(
                  h.cloud.clock.now() + expiresIn,
                ).toISOString(),
              }),
        },
      ],
      logstores: [byok('demo-proj', 'app-audit', 'key-ext')],
    });

  it('warns with the date when the material expires in 5 days', async () => {
    seedExternal(5 * DAY_MS);
    // As alerts write it: "2025-01-06 00:00 UTC".
    const expiry = new Date(h.cloud.clock.now() + 5 * DAY_MS)
      .toISOString()
      .slice(0, 16)
      .replace('T', ' ');

    const summary = await h.run();

    const text = JSON.stringify(h.cloud.sink.messages()[0]?.body);
    expect(summary.keys.warning).toBe(1);
    expect(text).toContain('key material about to expire');
    expect(text).toContain(`expires on ${expiry} UTC, in 5 days`);
    expect(text).toContain(`Key material expires: ${expiry} UTC`);
  });

  it('sends critical for material 20 minutes short of 3 days, and warns 20 minutes short of 14', async () => {
    seedExternal(3 * DAY_MS - 20 * MINUTE_MS);
    const critical = await h.run();
    h.cloud.control.reset();
    seedExternal(14 * DAY_MS - 20 * MINUTE_MS);

    const warning = await h.run();

    expect(critical.keys.critical).toBe(1);
    expect(warning.keys.warning).toBe(1);
  });

  it.each([
    ['expires in 30 days', 30 * DAY_MS],
    ['never expires', undefined],
  ])('stays quiet for material that %s', async (_, expiresIn) => {
    seedExternal(expiresIn);

    const summary = await h.run();

    expect(summary.keys).toMatchObject({
      checked: 1,
      ok: 1,
      warning: 0,
      critical: 0,
    });
    expect(summary.findings).toMatchObject({ warning: 0, critical: 0 });
    expect(h.cloud.sink.messages()).toEqual([]);
  });

  it('warns, naming the field and value, about an expiry it cannot read', async () => {
    seedExternal(undefined);
    answerDescribeKey(h.cloud, {
      KeyId: 'key-ext',
      KeyState: 'Enabled',
      Origin: 'EXTERNAL',
      MaterialExpireTime: 'garbage-date',
    });

    const summary = await h.run();

    const [dingtalk] = h.cloud.sink.messages({ channel: 'dingtalk' });
    const text = JSON.stringify(dingtalk?.body);
    expect(summary.keys).toMatchObject({ checked: 1, ok: 0, warning: 1 });
    expect(text).toContain('MaterialExpireTime \\"garbage-date\\"');
    expect(text).toContain('cannot read');
  });

  it('follows KEYGUARD_EXPIRY_WARNING_DAYS', async () => {
    await h.close();
    h = await startHarness({ env: { KEYGUARD_EXPIRY_WARNING_DAYS: '45' } });
    seedExternal(30 * DAY_MS);

    const summary = await h.run();

    expect(summary.keys.warning).toBe(1);
  });

  it('calls material that expired an hour ago critical while KMS still says Enabled', async () => {
    seedExternal(undefined);
    const expired = new Date(h.cloud.clock.now() - HOUR_MS).toISOString();
    answerDescribeKey(h.cloud, {
      KeyId: 'key-ext',
      KeyState: 'Enabled',
      Origin: 'EXTERNAL',
      MaterialExpireTime: expired,
    });

    const summary = await h.run();

    const text = JSON.stringify(h.cloud.sink.messages()[0]?.body);
    expect(summary.keys.critical).toBe(1);
    expect(text).toContain('has expired key material');
    expect(text).toContain('Key material expired');
    expect(text).not.toContain('Key material expires');
  });
});
