import { describe, expect, it } from 'vitest';
import { PACKERS } from '../../../shared/channels/formats/index.ts';
import {
  CHANNEL_TYPES,
  type ChannelType,
} from '../../../shared/channels/types.ts';
import { groupFindings } from '../../../shared/health/alert-draft.ts';
import type { Finding } from '../../../shared/health/finding.ts';
import { firingNotice, resolvedNotice } from '../../../shared/health/notice.ts';
import { messageText } from '../channels/message-text.ts';

const T0 = Date.parse('2025-01-01T00:00:00Z');

const disabled: Finding = {
  kind: 'key_disabled',
  severity: 'critical',
  detail: 'The key is disabled.',
  remedy: 'Enable the key.',
  keyId: 'key-demo0001',
  keyRegion: 'cn-hangzhou',
  keyState: 'Disabled',
  logstores: ['demo-proj/app-audit'],
  dates: [],
};

const firing = () => {
  const [draft] = groupFindings([disabled]);
  if (draft === undefined) throw new Error('no alert drafted');
  return firingNotice(draft, 'Asia/Shanghai');
};

const channelText = (type: ChannelType, notice = firing()) => {
  const resolved = resolvedNotice(
    notice,
    'The key is enabled again.',
    T0,
    'UTC',
  );
  const packing = PACKERS[type]([resolved], {
    keyword: undefined,
    sentAt: '2025-01-01T00:00:00Z',
  });
  return packing.messages.map((m) => messageText(type, m.body)).join('\n');
};

describe('the resolved notice', () => {
  it('keeps the firing title; its status says it is resolved', () => {
    const resolved = resolvedNotice(firing(), 'Enabled again.', T0, 'UTC');

    expect(resolved.status).toBe('resolved');
    expect(resolved.title).toBe(firing().title);
  });

  it.each(CHANNEL_TYPES.filter((type) => type !== 'generic'))(
    'reads "RESOLVED Key …" once on %s',
    (type) => {
      const text = channelText(type);

      expect(text).toContain(
        'RESOLVED Key key-demo0001 (cn-hangzhou) is disabled',
      );
      expect(text).not.toMatch(/resolved:? +resolved/i);
      expect(text).not.toContain('Resolved: Key');
    },
  );

  it('sends the generic channel the status and the plain title', () => {
    const body = JSON.parse(channelText('generic')) as {
      alerts: { status: string; title: string }[];
    };

    expect(body.alerts[0]).toMatchObject({
      status: 'resolved',
      title: 'Key key-demo0001 (cn-hangzhou) is disabled',
    });
  });
});
