import type { AlertDraft } from './alert-draft.ts';
import { ALERT_SCHEMA, type AlertRecord } from './alert-record.ts';
import { firingNotice, resolvedNotice } from './notice.ts';

/**
 * Alert lifecycle, in the manner of Prometheus Alertmanager: an alert
 * fires when its findings appear, changes when its severity or contents
 * change, and resolves once. This module only moves records; which
 * channel hears what is decided in ./channel-plan.ts.
 */
export interface ReconcileInput {
  readonly records: ReadonlyMap<string, AlertRecord>;
  readonly drafts: readonly AlertDraft[];
  /** Why a firing alert without a draft has cleared, or undefined when
   * this run cannot tell (it did not check the alert's subject). */
  readonly resolution: (record: AlertRecord) => Resolution | undefined;
  /** Alerts whose findings are all silenced now. */
  readonly mutedIds: ReadonlySet<string>;
  readonly now: number;
  readonly timeZone: string;
}

export interface Resolution {
  readonly reason: string;
  /** The key's state now, when the run read it. */
  readonly keyState?: string;
}

export interface ReconcileResult {
  readonly records: Map<string, AlertRecord>;
  /** Ids whose record changed and must be written. */
  readonly changed: Set<string>;
}

const fromDraft = (
  draft: AlertDraft,
  previous: AlertRecord | undefined,
  now: number,
  timeZone: string,
): AlertRecord => {
  const notice = firingNotice(draft, timeZone);
  const firing = previous?.status === 'firing';
  const same = firing && previous.fingerprint === draft.fingerprint;
  return {
    schema: ALERT_SCHEMA,
    alertId: draft.alertId,
    status: 'firing',
    severity: draft.severity,
    fingerprint: draft.fingerprint,
    muted: false,
    firstSeenAt: firing ? previous.firstSeenAt : now,
    changedAt: same ? previous.changedAt : now,
    updatedAt: now,
    notice,
    lastFiring: notice,
    ...(draft.keyId === undefined ? {} : { keyId: draft.keyId }),
    ...(draft.keyRegion === undefined ? {} : { keyRegion: draft.keyRegion }),
    channels: previous?.channels ?? {},
  };
};

export const reconcile = (input: ReconcileInput): ReconcileResult => {
  const records = new Map(input.records);
  const changed = new Set<string>();
  const drafted = new Set<string>();
  for (const draft of input.drafts) {
    drafted.add(draft.alertId);
    const previous = records.get(draft.alertId);
    records.set(
      draft.alertId,
      fromDraft(draft, previous, input.now, input.timeZone),
    );
    changed.add(draft.alertId);
  }
  for (const [id, record] of input.records) {
    if (drafted.has(id) || record.status !== 'firing') continue;
    if (input.mutedIds.has(id)) {
      if (!record.muted) {
        records.set(id, { ...record, muted: true, updatedAt: input.now });
        changed.add(id);
      }
      continue;
    }
    const resolution = input.resolution(record);
    if (resolution === undefined) continue;
    const last =
      resolution.keyState === undefined
        ? record.lastFiring
        : { ...record.lastFiring, keyState: resolution.keyState };
    records.set(id, {
      ...record,
      status: 'resolved',
      muted: false,
      changedAt: input.now,
      updatedAt: input.now,
      notice: resolvedNotice(
        last,
        resolution.reason,
        input.now,
        input.timeZone,
      ),
    });
    changed.add(id);
  }
  return { records, changed };
};
