import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../../../shared/health/dates.ts';
import {
  answerDescribeKey,
  byok,
  type Harness,
  startHarness,
} from './support.ts';

describe('key states (K2) through the real SDKs', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const seedKey = (state: string, extra: Record<string, unknown> = {}) =>
    h.cloud.control.seed({
      keys: [{ keyId: 'key-k2', state, deletionProtection: true, ...extra }],
      logstores: [byok('demo-proj', 'app-audit', 'key-k2')],
    });

  it('sends nothing for an Enabled key', async () => {
    seedKey('Enabled');

    const summary = await h.run();

    expect(summary.keys).toMatchObject({ checked: 1, ok: 1 });
    expect(h.cloud.sink.messages()).toEqual([]);
  });

  it('sends a critical alert naming key, region and Logstore for a Disabled key', async () => {
    seedKey('Disabled');

    const summary = await h.run();

    const [dingtalk] = h.cloud.sink.messages({ channel: 'dingtalk' });
    const text = JSON.stringify(dingtalk?.body);
    expect(summary.keys.critical).toBe(1);
    expect(dingtalk?.accepted).toBe(true);
    expect(text).toContain('key-k2');
    expect(text).toContain('cn-hangzhou');
    expect(text).toContain('demo-proj/app-audit');
  });

  it('names the deletion date, the days left and that cancelling saves the data', async () => {
    const deleteDate = new Date(h.cloud.clock.now() + 6 * DAY_MS);
    seedKey('PendingDeletion', { deleteDate: deleteDate.toISOString() });

    await h.run();

    const [slack] = h.cloud.sink.messages({ channel: 'slack' });
    const text = JSON.stringify(slack?.body);
    expect(text).toContain('6 days from now');
    expect(text).toContain(deleteDate.toISOString().slice(0, 10));
    expect(text).toMatch(/still saves/);
  });

  it('says a deletion date KMS has let pass is past, and to cancel at once', async () => {
    seedKey('Enabled');
    const deleteDate = new Date(h.cloud.clock.now() - HOUR_MS);
    answerDescribeKey(h.cloud, {
      KeyId: 'key-k2',
      KeyState: 'PendingDeletion',
      DeleteDate: deleteDate.toISOString(),
    });

    const summary = await h.run();

    const [slack] = h.cloud.sink.messages({ channel: 'slack' });
    const text = JSON.stringify(slack?.body);
    expect(summary.keys.critical).toBe(1);
    expect(text).toContain(deleteDate.toISOString().slice(0, 10));
    expect(text).toContain('has passed');
    expect(text).toContain('any moment');
    expect(text).toContain('CancelKeyDeletion) at once');
    expect(text).not.toContain('less than a day');
  });

  it('calls PendingImport critical', async () => {
    h.cloud.control.seed({
      keys: [{ keyId: 'key-k2', origin: 'EXTERNAL', state: 'PendingImport' }],
      logstores: [byok('demo-proj', 'app-audit', 'key-k2')],
    });

    const summary = await h.run();

    expect(summary.keys.critical).toBe(1);
    expect(JSON.stringify(h.cloud.sink.messages()[0]?.body)).toContain(
      'has no key material',
    );
  });

  it('warns about a state it does not know, never calling it healthy', async () => {
    seedKey('Enabled');
    answerDescribeKey(h.cloud, { KeyId: 'key-k2', KeyState: 'Archived' });

    const summary = await h.run();

    expect(summary.keys).toMatchObject({ ok: 0, warning: 1 });
    expect(JSON.stringify(h.cloud.sink.messages()[0]?.body)).toContain(
      'Unrecognised key state',
    );
  });
});
