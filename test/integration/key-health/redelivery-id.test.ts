import { DisableKeyRequest, EnableKeyRequest } from '@alicloud/kms20160120';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../emulator/local-cloud.ts';
import { HOUR_MS } from '../../../shared/health/dates.ts';
import { byok, type Harness, kmsAdmin, startHarness } from './support.ts';

const SECRET = `whsec_${Buffer.from('generic-redelivery-0001').toString('base64')}`;

const genericChannel = (cloud: LocalCloud) => [
  {
    name: 'receiver',
    type: 'generic',
    url: `${cloud.url}/_sink/generic/receiver-1`,
    secretEnv: 'RECEIVER_SECRET',
  },
];

const webhookIds = (h: Harness) =>
  h.cloud.sink
    .messages({ channel: 'generic' })
    .map((message) => message.headers['webhook-id']);

describe('the generic channel after an answer was lost', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      channels: genericChannel,
      env: { RECEIVER_SECRET: SECRET },
    });
    h.cloud.control.seed({
      keys: [{ keyId: 'key-lost01' }],
      logstores: [byok('demo-proj', 'app-audit', 'key-lost01')],
    });
  });
  afterEach(async () => {
    await h.close();
  });

  it('resends the alert next run under the same webhook-id', async () => {
    await kmsAdmin(h.cloud).disableKey(
      new DisableKeyRequest({ keyId: 'key-lost01' }),
    );
    // The receiver takes every try, but no answer comes back.
    h.cloud.control.faults.add({
      service: 'sink',
      operation: 'generic',
      phase: 'after',
      action: { kind: 'drop' },
    });
    const lost = await h.run();
    h.cloud.control.faults.clear();
    const resent = await h.run();
    const triesBefore = webhookIds(h).length;
    h.cloud.clock.advance(5 * HOUR_MS);
    await h.run();

    const ids = webhookIds(h);
    expect(lost.channels.receiver?.outcome).toBe('failed');
    expect(resent.channels.receiver?.outcome).toBe('delivered');
    expect(triesBefore).toBeGreaterThan(1);
    expect(new Set(ids.slice(0, triesBefore)).size).toBe(1);
    // The repeat after the interval is a new notice with a new id.
    expect(ids).toHaveLength(triesBefore + 1);
    expect(ids.at(-1)).not.toBe(ids[0]);
  });

  it('gives an alert that comes back after resolving a new webhook-id', async () => {
    const kms = kmsAdmin(h.cloud);
    const disable = new DisableKeyRequest({ keyId: 'key-lost01' });
    await kms.disableKey(disable);
    await h.run();
    await kms.enableKey(new EnableKeyRequest({ keyId: 'key-lost01' }));
    await h.run();
    h.cloud.clock.advance(24 * HOUR_MS);
    await kms.disableKey(disable);
    await h.run();

    const ids = webhookIds(h);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
  });
});
