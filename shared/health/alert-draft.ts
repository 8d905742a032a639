import { createHash } from 'node:crypto';
import type { Finding, FindingKind } from './finding.ts';
import { highest, type Severity, severityRank } from './severity.ts';

/**
 * Findings grouped into alerts: one per key (naming every Logstore it
 * protects), one per Logstore-policy kind, one per region the scan could
 * not fully list. An alert's id doubles as its state file name.
 */
export interface AlertDraft {
  readonly alertId: string;
  readonly severity: Severity;
  readonly findings: readonly Finding[];
  readonly logstores: readonly string[];
  readonly keyId?: string;
  readonly keyRegion?: string;
  readonly keyState?: string;
  /** Changes when something worth a new notice changes. */
  readonly fingerprint: string;
}

const SAFE = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*$/;

const shortHash = (text: string): string =>
  createHash('sha256').update(text).digest('hex').slice(0, 10);

/** Ids become file names: anything unusual is replaced and hashed. */
const safePart = (part: string): string =>
  SAFE.test(part) && part.length <= 80
    ? part
    : `${part.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 60)}-` +
      shortHash(part);

export const keyAlertId = (keyId: string, region: string | undefined) =>
  `key.${safePart(region ?? 'unknown-region')}.${safePart(keyId)}`;

export const coverageAlertId = (region: string): string =>
  `scan_incomplete.${safePart(region)}`;

export const alertIdOf = (finding: Finding): string => {
  if (finding.kind === 'scan_incomplete') {
    return coverageAlertId(finding.region ?? 'unknown-region');
  }
  if (finding.keyId !== undefined) {
    return keyAlertId(finding.keyId, finding.keyRegion);
  }
  return finding.kind;
};

const mergeSameKind = (findings: readonly Finding[]): Finding[] => {
  const byKind = new Map<FindingKind, Finding>();
  for (const finding of findings) {
    const seen = byKind.get(finding.kind);
    if (seen === undefined) {
      byKind.set(finding.kind, finding);
      continue;
    }
    const logstores = [...new Set([...seen.logstores, ...finding.logstores])];
    byKind.set(finding.kind, { ...seen, logstores: logstores.sort() });
  }
  return [...byKind.values()];
};

export const fingerprintOf = (
  severity: Severity,
  findings: readonly Finding[],
  logstores: readonly string[],
): string =>
  shortHash(
    JSON.stringify([
      severity,
      findings.map((f) => `${f.kind}:${f.severity}`).sort(),
      findings.map((f) => f.keyState ?? '').sort(),
      [...logstores].sort(),
    ]),
  );

const draftOf = (alertId: string, findings: readonly Finding[]) => {
  const merged = mergeSameKind(findings);
  const severity = highest(merged.map((f) => f.severity));
  const logstores = [...new Set(merged.flatMap((f) => f.logstores))].sort();
  const first = merged[0];
  return {
    alertId,
    severity,
    // Most severe first: titles and summaries lead with it.
    findings: [...merged].sort(
      (a, b) => severityRank(b.severity) - severityRank(a.severity),
    ),
    logstores,
    ...(first?.keyId === undefined ? {} : { keyId: first.keyId }),
    ...(first?.keyRegion === undefined ? {} : { keyRegion: first.keyRegion }),
    ...(first?.keyState === undefined ? {} : { keyState: first.keyState }),
    fingerprint: fingerprintOf(severity, merged, logstores),
  } satisfies AlertDraft;
};

export const groupFindings = (findings: readonly Finding[]): AlertDraft[] => {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const id = alertIdOf(finding);
    groups.set(id, [...(groups.get(id) ?? []), finding]);
  }
  return [...groups.entries()]
    .map(([id, group]) => draftOf(id, group))
    .sort((a, b) => a.alertId.localeCompare(b.alertId));
};
