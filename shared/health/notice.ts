import type { AlertNotice } from '../channels/types.ts';
import type { AlertDraft } from './alert-draft.ts';
import { formatLocal, formatUtc } from './dates.ts';
import type { FindingKind } from './finding.ts';

/**
 * Turns an alert into the channel-neutral notice every channel formats
 * in its own way. Titles lead with the most severe finding.
 */
const HEADLINES: Readonly<Record<FindingKind, string>> = {
  key_disabled: 'is disabled',
  key_pending_deletion: 'is scheduled for deletion',
  key_pending_import: 'has no key material',
  material_expired: 'has expired key material',
  key_not_found: 'was not found',
  material_expiring: 'has key material about to expire',
  deletion_protection_off: 'has deletion protection off',
  key_state_unknown: 'is in an unrecognised state',
  material_expiry_unknown: 'has a key material expiry keyguard cannot read',
  key_region_unknown: 'has no known region',
  logstore_unencrypted: 'Logstores without encryption',
  service_key_not_allowed: "Logstores on SLS's service key",
  key_unverified: 'could not be verified',
  scan_incomplete: 'Scan incomplete',
};

const titleOf = (draft: AlertDraft): string => {
  const lead = draft.findings[0];
  const headline = lead === undefined ? 'has findings' : HEADLINES[lead.kind];
  if (draft.keyId !== undefined) {
    const where = draft.keyRegion ?? 'unknown region';
    return `Key ${draft.keyId} (${where}) ${headline}`;
  }
  if (lead?.kind === 'scan_incomplete' && lead.region !== undefined) {
    return `${headline} in ${lead.region}`;
  }
  return headline;
};

export const firingNotice = (
  draft: AlertDraft,
  timeZone: string,
): AlertNotice => ({
  alertId: draft.alertId,
  status: 'firing',
  severity: draft.severity,
  title: titleOf(draft),
  ...(draft.keyId === undefined ? {} : { keyId: draft.keyId }),
  ...(draft.keyRegion === undefined ? {} : { region: draft.keyRegion }),
  ...(draft.keyState === undefined ? {} : { keyState: draft.keyState }),
  summary: draft.findings.map((f) => f.detail).join(' '),
  remedy: [...new Set(draft.findings.map((f) => f.remedy))].join(' '),
  logstores: [...draft.logstores],
  dates: draft.findings.flatMap((f) =>
    f.dates.map((d) => ({
      label: d.label,
      utc: formatUtc(d.at),
      local: formatLocal(d.at, timeZone),
    })),
  ),
});

/**
 * The one notice that says a firing alert has cleared. The title stays
 * the firing one: `status` says it is resolved, and every chat format
 * already leads with a RESOLVED label (the generic channel sends the
 * status as a field), so a prefix here would read twice.
 */
export const resolvedNotice = (
  last: AlertNotice,
  reason: string,
  resolvedAt: number,
  timeZone: string,
): AlertNotice => ({
  ...last,
  status: 'resolved',
  summary: reason,
  remedy: 'Nothing to do.',
  dates: [
    {
      label: 'Resolved at',
      utc: formatUtc(resolvedAt),
      local: formatLocal(resolvedAt, timeZone),
    },
  ],
});
