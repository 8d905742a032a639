import { describe, expect, it } from 'vitest';
import type { AlertNotice } from '../../../shared/channels/types.ts';
import {
  type AlertDraft,
  groupFindings,
} from '../../../shared/health/alert-draft.ts';
import type { AlertRecord } from '../../../shared/health/alert-record.ts';
import {
  isSettled,
  type PlannedChannel,
  planChannel,
  recordDelivery,
} from '../../../shared/health/channel-plan.ts';
import { HOUR_MS } from '../../../shared/health/dates.ts';
import type { Finding } from '../../../shared/health/finding.ts';
import { reconcile } from '../../../shared/health/lifecycle.ts';

const T0 = Date.parse('2025-01-01T00:00:00Z');
const repeat = {
  critical: 4 * HOUR_MS,
  warning: 24 * HOUR_MS,
  unverified: 24 * HOUR_MS,
};
const dingtalk: PlannedChannel = {
  name: 'ops-dingtalk',
  minSeverity: 'warning',
};
const slack: PlannedChannel = { name: 'ops-slack', minSeverity: 'warning' };
const pager: PlannedChannel = { name: 'pager', minSeverity: 'critical' };

const pending: Finding = {
  kind: 'key_pending_deletion',
  severity: 'critical',
  detail: 'The key is scheduled for deletion.',
  remedy: 'Cancel the deletion.',
  keyId: 'key-c',
  keyRegion: 'cn-hangzhou',
  keyState: 'PendingDeletion',
  logstores: ['demo-proj/app-audit'],
  dates: [],
};
const expiring: Finding = {
  ...pending,
  kind: 'material_expiring',
  severity: 'warning',
  keyState: 'Enabled',
};

type Records = Map<string, AlertRecord>;

/** One run: reconcile the drafts, then plan every channel. */
const run = (
  records: Records,
  drafts: AlertDraft[],
  now: number,
  resolution?: { reason: string; keyState?: string },
  mutedIds: ReadonlySet<string> = new Set(),
) => {
  const result = reconcile({
    records,
    drafts,
    resolution: () => resolution,
    mutedIds,
    now,
    timeZone: 'Asia/Shanghai',
  });
  const plan = (channel: PlannedChannel) =>
    planChannel(result.records.values(), channel, {
      now,
      repeat,
      timeZone: 'Asia/Shanghai',
    });
  return { records: result.records, changed: result.changed, plan };
};

const deliver = (
  records: Records,
  channel: PlannedChannel,
  notices: AlertNotice[],
  now: number,
): Records => {
  const next = new Map(records);
  for (const notice of notices) {
    const record = next.get(notice.alertId);
    if (record)
      next.set(
        notice.alertId,
        recordDelivery(record, channel.name, notice, now),
      );
  }
  return next;
};

describe('alert lifecycle (K10: once per change, and one resolved)', () => {
  it('notifies each channel once, skips the one that already has it, and resolves once', () => {
    // T0: the key goes PendingDeletion.
    const first = run(new Map(), groupFindings([pending]), T0);
    expect(first.plan(dingtalk).map((n) => n.status)).toEqual(['firing']);
    expect(first.plan(slack)).toHaveLength(1);

    // Only DingTalk confirmed; the retried run sends only to Slack.
    let records = deliver(first.records, dingtalk, first.plan(dingtalk), T0);
    const retry = run(records, groupFindings([pending]), T0 + 60_000);
    expect(retry.plan(dingtalk)).toEqual([]);
    expect(retry.plan(slack)).toHaveLength(1);
    records = deliver(retry.records, slack, retry.plan(slack), T0 + 60_000);

    // T0 + 1 h, same state: inside the repeat interval.
    const later = run(records, groupFindings([pending]), T0 + HOUR_MS);
    expect(later.plan(dingtalk)).toEqual([]);
    expect(later.plan(slack)).toEqual([]);

    // T0 + 2 h: cancelled. Exactly one resolved per channel.
    const cleared = run(later.records, [], T0 + 2 * HOUR_MS, {
      reason: 'The key is Enabled again.',
      keyState: 'Enabled',
    });
    const resolved = cleared.plan(dingtalk);
    expect(resolved.map((n) => [n.status, n.keyState])).toEqual([
      ['resolved', 'Enabled'],
    ]);
    records = deliver(cleared.records, dingtalk, resolved, T0 + 2 * HOUR_MS);
    records = deliver(records, slack, cleared.plan(slack), T0 + 2 * HOUR_MS);
    const after = run(records, [], T0 + 3 * HOUR_MS, { reason: 'still fine' });
    expect(after.plan(dingtalk)).toEqual([]);
    expect(after.plan(slack)).toEqual([]);
    const [record] = after.records.values();
    expect(record && isSettled(record, [dingtalk.name, slack.name])).toBe(true);
  });

  it('repeats a firing alert after its severity repeat interval', () => {
    let state = run(new Map(), groupFindings([pending]), T0);
    const records = deliver(state.records, dingtalk, state.plan(dingtalk), T0);

    state = run(records, groupFindings([pending]), T0 + 4 * HOUR_MS);

    expect(state.plan(dingtalk)).toHaveLength(1);
  });

  it('notifies again when the severity changes', () => {
    let state = run(new Map(), groupFindings([expiring]), T0);
    const records = deliver(state.records, dingtalk, state.plan(dingtalk), T0);

    state = run(records, groupFindings([pending]), T0 + 60_000);

    expect(state.plan(dingtalk).map((n) => n.severity)).toEqual(['critical']);
  });

  it('keeps a warning from a critical-only channel, and tells it when critical ends', () => {
    let state = run(new Map(), groupFindings([expiring]), T0);
    expect(state.plan(pager)).toEqual([]);

    state = run(state.records, groupFindings([pending]), T0 + 1);
    const records = deliver(state.records, pager, state.plan(pager), T0 + 1);
    state = run(records, groupFindings([expiring]), T0 + 2);

    expect(state.plan(pager).map((n) => [n.status, n.severity])).toEqual([
      ['resolved', 'critical'],
    ]);
  });

  it('leaves an alert alone when the run cannot tell whether it cleared', () => {
    const state = run(new Map(), groupFindings([pending]), T0);
    const records = deliver(state.records, dingtalk, state.plan(dingtalk), T0);

    const unknown = run(records, [], T0 + 60_000, undefined);

    expect(unknown.changed.size).toBe(0);
    expect(unknown.plan(dingtalk)).toEqual([]);
  });

  it('neither repeats nor resolves a silenced alert', () => {
    const state = run(new Map(), groupFindings([pending]), T0);
    const records = deliver(state.records, dingtalk, state.plan(dingtalk), T0);
    const [id] = records.keys();

    const muted = run(
      records,
      [],
      T0 + 10 * HOUR_MS,
      { reason: 'x' },
      new Set([id ?? '']),
    );

    expect(muted.plan(dingtalk)).toEqual([]);
    expect([...muted.records.values()][0]?.status).toBe('firing');
  });

  it('names a notice the same until its channel confirms it', () => {
    const first = run(new Map(), groupFindings([pending]), T0);
    const [sent] = first.plan(dingtalk);

    // The answer was lost: nothing recorded, the next run sends it again.
    const again = run(first.records, groupFindings([pending]), T0 + 60_000);
    const resentAll = again.plan(dingtalk);
    const [resent] = resentAll;
    const [toSlack] = again.plan(slack);

    // Confirmed, then due again after the repeat interval: a new notice.
    const records = deliver(again.records, dingtalk, resentAll, T0 + 60_000);
    const due = run(records, groupFindings([pending]), T0 + 5 * HOUR_MS);
    const [repeated] = due.plan(dingtalk);

    expect(sent?.noticeId).toMatch(/^[\w-]{22}$/);
    expect(resent?.noticeId).toBe(sent?.noticeId);
    expect(toSlack?.noticeId).toBe(sent?.noticeId);
    expect(repeated?.noticeId).not.toBe(sent?.noticeId);
  });
});
