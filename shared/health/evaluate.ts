import {
  type AlertDraft,
  alertIdOf,
  coverageAlertId,
  groupFindings,
} from './alert-draft.ts';
import type { AlertRecord } from './alert-record.ts';
import type { Binding } from './binding.ts';
import { type EncryptionPolicy, evaluateBinding } from './binding-rules.ts';
import { scanIncomplete } from './coverage-rules.ts';
import type { Finding } from './finding.ts';
import type { CoverageGap } from './inventory.ts';
import { type KeyCheck, type KeyRef, keyRefId } from './key-checks.ts';
import {
  type CarriedAlert,
  countKeys,
  type KeyCounts,
  keyFindings,
} from './key-findings.ts';
import type { KeyRulePolicy } from './key-rules.ts';
import type { Resolution } from './lifecycle.ts';
import {
  atLeast,
  emptyCounts,
  type Severity,
  type SeverityCounts,
} from './severity.ts';
import { applySilences, type Silence } from './silences.ts';

/**
 * From what a run learnt to what it alerts about: findings per key and
 * per Logstore, silences applied, grouped into drafts, plus the rule
 * saying which earlier alerts this run may declare resolved. A run
 * resolves only what it looked at: a key it read, Logstore policy on a
 * full scan, coverage of a region it listed.
 */
export interface EvaluationScope {
  /** Full scans judge Logstore policy and keys no Logstore uses. */
  readonly fullScan: boolean;
  /** Regions fully scanned this run: their coverage alerts may clear. */
  readonly scannedRegions: ReadonlySet<string>;
  /** Regions whose gaps are reported: the scanned ones, plus those a
   * scan cut short by its deadline listed in part. */
  readonly listedRegions: ReadonlySet<string>;
  readonly gaps: readonly CoverageGap[];
  /** The deadline ended the scan before it was done. */
  readonly cutShort: boolean;
}

export interface EvaluationInput {
  readonly bindings: readonly Binding[];
  readonly checks: ReadonlyMap<string, KeyCheck>;
  /** Keys in scope the deadline kept from being read. */
  readonly unchecked: readonly KeyRef[];
  readonly scope: EvaluationScope;
  readonly previous: ReadonlyMap<string, AlertRecord>;
  readonly policy: KeyRulePolicy & { readonly encryption: EncryptionPolicy };
  readonly silences: readonly Silence[];
  readonly minSeverity: Severity;
  readonly now: number;
}

export interface Evaluation {
  readonly drafts: readonly AlertDraft[];
  readonly mutedIds: ReadonlySet<string>;
  readonly resolution: (record: AlertRecord) => Resolution | undefined;
  /** Findings made this run; carried-over alerts are not among them. */
  readonly findings: SeverityCounts;
  readonly carriedOver: readonly CarriedAlert[];
  readonly silenced: number;
  readonly keys: KeyCounts;
}

const scopeFindings = (input: EvaluationInput): Finding[] => {
  const findings: Finding[] = [];
  const { scope } = input;
  if (scope.fullScan) {
    for (const binding of input.bindings) {
      const finding = evaluateBinding(binding, input.policy.encryption);
      if (finding !== undefined) findings.push(finding);
    }
  }
  for (const region of scope.listedRegions) {
    const gaps = scope.gaps.filter((g) => g.region === region);
    if (gaps.length > 0) {
      findings.push(scanIncomplete(region, gaps, scope.cutShort));
    }
  }
  return findings;
};

export const evaluate = (input: EvaluationInput): Evaluation => {
  const { findings: fromKeys, carried, logstores: index } = keyFindings(input);
  const all = [...fromKeys, ...scopeFindings(input)];
  const { active, silenced } = applySilences(all, input.silences, input.now);
  const activeIds = new Set(active.map(alertIdOf));
  const mutedIds = new Set(
    silenced.map(alertIdOf).filter((id) => !activeIds.has(id)),
  );
  const grouped = groupFindings(active);
  const drafts = grouped.filter((d) => atLeast(d.severity, input.minSeverity));
  const below = new Set(
    grouped.filter((d) => !drafts.includes(d)).map((d) => d.alertId),
  );
  const findings = emptyCounts();
  for (const f of active) findings[f.severity] += 1;
  const coverageIds = new Set(
    [...input.scope.scannedRegions].map(coverageAlertId),
  );

  const resolution = (record: AlertRecord): Resolution | undefined => {
    if (below.has(record.alertId)) return undefined;
    if (coverageIds.has(record.alertId)) {
      return { reason: 'The scan listed every project and Logstore again.' };
    }
    if (record.keyId === undefined) {
      return input.scope.fullScan
        ? { reason: 'No Logstore has this finding any more.' }
        : undefined;
    }
    if (record.keyRegion !== undefined) {
      const id = keyRefId({ keyId: record.keyId, region: record.keyRegion });
      const check = input.checks.get(id);
      if (check?.outcome === 'read' && !carried.has(id)) {
        return {
          reason:
            `The key is ${check.key.keyState} and nothing is wrong ` +
            'with it any more.',
          keyState: check.key.keyState,
        };
      }
      if (index.has(id) || !input.scope.fullScan) return undefined;
    } else if (!input.scope.fullScan) return undefined;
    return { reason: 'No Logstore uses this key any more.' };
  };

  return {
    drafts,
    mutedIds,
    resolution,
    findings,
    carriedOver: [...carried.values()].sort((a, b) =>
      a.alertId.localeCompare(b.alertId),
    ),
    silenced: silenced.length,
    keys: countKeys(input, all, carried),
  };
};
