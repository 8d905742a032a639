import { describe, expect, it } from 'vitest';
import type { SinkMessage } from '../../emulator/sink/service.ts';
import { PACKERS } from '../../shared/channels/formats/index.ts';
import {
  type AlertNotice,
  CHANNEL_TYPES,
  type ChannelType,
} from '../../shared/channels/types.ts';
import { noticesOf } from './sink-notices.ts';

/**
 * The chaos invariants read deliveries back from what the sink received;
 * these tests pin that reading to every channel's real format.
 */
const disabled: AlertNotice = {
  alertId: 'key.cn-hangzhou.key-chaos-aes1',
  status: 'firing',
  severity: 'critical',
  title: 'Key key-chaos-aes1 (cn-hangzhou) is disabled',
  keyId: 'key-chaos-aes1',
  region: 'cn-hangzhou',
  keyState: 'Disabled',
  summary: 'The key is disabled: reads and writes on these Logstores fail now.',
  remedy: 'Enable the key again.',
  logstores: ['chaos-a/base-aes1', 'demo-proj/ls-03'],
  dates: [],
};
const scanResolved: AlertNotice = {
  alertId: 'scan_incomplete.cn-hangzhou',
  status: 'resolved',
  severity: 'warning',
  title: 'Resolved: Scan incomplete in cn-hangzhou',
  summary: 'Every project was listed again.',
  remedy: 'Nothing to do.',
  logstores: [],
  dates: [],
};

const received = (channel: ChannelType, body: unknown): SinkMessage => ({
  seq: 1,
  channel,
  token: 't',
  receivedAt: 0,
  query: {},
  headers: {},
  body,
  signatureValid: null,
  reply: { status: 200, body: '', headers: {} },
  accepted: true,
});

describe('reading notices back from the sink', () => {
  it.each(CHANNEL_TYPES)(
    'reads key, state, Logstores and a resolved scan alert from %s',
    (channel) => {
      const packing = PACKERS[channel]([disabled, scanResolved], {
        keyword: undefined,
        sentAt: '2025-01-01T00:00:00.000Z',
      });
      const body = packing.messages[0]?.body;

      const notices = noticesOf(received(channel, body));

      expect(notices).toEqual([
        {
          subject: 'key:key-chaos-aes1',
          status: 'firing',
          label: 'CRITICAL',
          title: disabled.title,
          state: 'Disabled',
          logstores: ['chaos-a/base-aes1', 'demo-proj/ls-03'],
        },
        {
          subject: 'scan:cn-hangzhou',
          status: 'resolved',
          label: 'RESOLVED',
          title: scanResolved.title,
          logstores: [],
        },
      ]);
    },
  );

  it('reads nothing from a body that is not a channel message', () => {
    expect(noticesOf(received('dingtalk', 'not json'))).toEqual([]);
  });
});
