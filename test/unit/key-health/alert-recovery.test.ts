import { describe, expect, it } from 'vitest';
import { recoverAlerts } from '../../../shared/health/alert-recovery.ts';
import { planChannel } from '../../../shared/health/channel-plan.ts';
import { reconcile } from '../../../shared/health/lifecycle.ts';

const NOW = Date.parse('2025-01-01T00:00:00Z');
const plan = {
  now: NOW,
  timeZone: 'UTC',
  repeat: { critical: 1, warning: 1, unverified: 1 },
};

describe('alerts whose state file could not be read', () => {
  const unreadable = {
    newer: new Set(['key.cn-hangzhou.key-new']),
    corrupt: new Set(['key.cn-hangzhou.key-lost']),
  };

  it('stands a damaged alert in as heard by every channel, and sends nothing for it yet', () => {
    const { previous, recovered, leftAlone } = recoverAlerts(
      new Map(),
      unreadable,
      ['ops', 'sec'],
      NOW,
    );

    const stand = previous.get('key.cn-hangzhou.key-lost');
    expect(recovered).toEqual(unreadable.corrupt);
    expect(leftAlone).toEqual(unreadable.newer);
    expect(stand).toMatchObject({
      keyId: 'key-lost',
      keyRegion: 'cn-hangzhou',
      muted: true,
    });
    expect(Object.keys(stand?.channels ?? {})).toEqual(['ops', 'sec']);
    expect(
      planChannel(
        previous.values(),
        { name: 'ops', minSeverity: 'warning' },
        plan,
      ),
    ).toEqual([]);
  });

  it('sends a resolved notice to every channel, whatever its minimum, once the key is fine', () => {
    const { previous } = recoverAlerts(new Map(), unreadable, ['ops'], NOW);

    const { records } = reconcile({
      records: previous,
      drafts: [],
      resolution: () => ({
        reason: 'The key is Enabled.',
        keyState: 'Enabled',
      }),
      mutedIds: new Set(),
      now: NOW,
      timeZone: 'UTC',
    });
    const notices = planChannel(
      records.values(),
      { name: 'ops', minSeverity: 'critical' },
      plan,
    );

    expect(notices).toMatchObject([
      {
        alertId: 'key.cn-hangzhou.key-lost',
        status: 'resolved',
        severity: 'critical',
        keyState: 'Enabled',
      },
    ]);
  });
});
