import {
  type AlertDraft,
  alertIdOf,
  coverageAlertId,
  groupFindings,
  keyAlertId,
} from './alert-draft.ts';
import type { AlertRecord } from './alert-record.ts';
import { type Binding, logstorePath } from './binding.ts';
import {
  type EncryptionPolicy,
  evaluateBinding,
  scanIncomplete,
} from './binding-rules.ts';
import type { Finding } from './finding.ts';
import type { CoverageGap } from './inventory.ts';
import { type KeyCheck, keyRefId } from './key-checks.ts';
import { keyNotFound, keyUnverified } from './key-failures.ts';
import { evaluateKey, type KeyRulePolicy } from './key-rules.ts';
import type { Resolution } from './lifecycle.ts';
import {
  atLeast,
  emptyCounts,
  highest,
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
  /** Regions listed this run, and what could not be listed there. */
  readonly scannedRegions: ReadonlySet<string>;
  readonly gaps: readonly CoverageGap[];
}

export interface EvaluationInput {
  readonly bindings: readonly Binding[];
  readonly checks: ReadonlyMap<string, KeyCheck>;
  readonly scope: EvaluationScope;
  readonly previous: ReadonlyMap<string, AlertRecord>;
  readonly policy: KeyRulePolicy & { readonly encryption: EncryptionPolicy };
  readonly silences: readonly Silence[];
  readonly minSeverity: Severity;
  readonly now: number;
}

export interface KeyCounts extends SeverityCounts {
  readonly checked: number;
  readonly ok: number;
}

export interface Evaluation {
  readonly drafts: readonly AlertDraft[];
  readonly mutedIds: ReadonlySet<string>;
  readonly resolution: (record: AlertRecord) => Resolution | undefined;
  readonly findings: SeverityCounts;
  readonly silenced: number;
  readonly keys: KeyCounts;
}

const logstoresByKey = (bindings: readonly Binding[]) => {
  const index = new Map<string, string[]>();
  for (const b of bindings) {
    if (b.keyId === undefined || b.keyRegion === undefined) continue;
    const id = keyRefId({ keyId: b.keyId, region: b.keyRegion });
    index.set(id, [...(index.get(id) ?? []), logstorePath(b)]);
  }
  return index;
};

const keyFindings = (input: EvaluationInput, index: Map<string, string[]>) => {
  const findings: Finding[] = [];
  const carried = new Set<string>();
  for (const [id, check] of input.checks) {
    const [region = '', ...rest] = id.split('/');
    const keyId = rest.join('/');
    const logstores = index.get(id) ?? [];
    if (check.outcome === 'read') {
      const found = evaluateKey(check.key, input.policy, input.now);
      findings.push(...found.map((f) => ({ ...f, logstores })));
    } else if (check.outcome === 'not_found') {
      findings.push({ ...keyNotFound(keyId, region), logstores });
    } else {
      // An alert already firing on facts stays as it is: "could not
      // read" says less than what the last read said.
      const before = input.previous.get(keyAlertId(keyId, region));
      if (before?.status === 'firing' && before.severity !== 'unverified') {
        carried.add(id);
        continue;
      }
      findings.push({
        ...keyUnverified(keyId, region, check.error),
        logstores,
      });
    }
  }
  return { findings, carried };
};

const scopeFindings = (input: EvaluationInput): Finding[] => {
  const findings: Finding[] = [];
  if (input.scope.fullScan) {
    for (const binding of input.bindings) {
      const finding = evaluateBinding(binding, input.policy.encryption);
      if (finding !== undefined) findings.push(finding);
    }
  }
  for (const region of input.scope.scannedRegions) {
    const scopes = input.scope.gaps.filter((g) => g.region === region);
    if (scopes.length > 0) {
      findings.push(
        scanIncomplete(
          region,
          scopes.map((g) => `${g.scope} (${g.code})`),
        ),
      );
    }
  }
  return findings;
};

const countKeys = (input: EvaluationInput, findings: readonly Finding[]) => {
  const counts = { checked: input.checks.size, ok: 0, ...emptyCounts() };
  for (const id of input.checks.keys()) {
    const own = findings.filter(
      (f) =>
        f.keyId !== undefined &&
        f.keyRegion !== undefined &&
        keyRefId({ keyId: f.keyId, region: f.keyRegion }) === id,
    );
    if (own.length === 0) counts.ok += 1;
    else counts[highest(own.map((f) => f.severity))] += 1;
  }
  return counts;
};

export const evaluate = (input: EvaluationInput): Evaluation => {
  const index = logstoresByKey(input.bindings);
  const { findings: fromKeys, carried } = keyFindings(input, index);
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
    silenced: silenced.length,
    keys: countKeys(input, all),
  };
};
