import { keyAlertId } from './alert-draft.ts';
import type { AlertRecord } from './alert-record.ts';
import { type Binding, logstorePath } from './binding.ts';
import type { Finding } from './finding.ts';
import {
  type KeyCheck,
  type KeyRef,
  keyRefId,
  keyRefOf,
} from './key-checks.ts';
import { keyNotFound, keyUnchecked, keyUnverified } from './key-failures.ts';
import { evaluateKey, type KeyRulePolicy } from './key-rules.ts';
import {
  emptyCounts,
  highest,
  type Severity,
  type SeverityCounts,
} from './severity.ts';

/**
 * What a run says about each key in scope: findings from its DescribeKey
 * answer, or, for a key it could not read, the earlier alert carried over
 * as it was or an unverified finding; and how the keys count in the
 * run's summary.
 */
export interface KeyFindingsInput {
  readonly bindings: readonly Binding[];
  readonly checks: ReadonlyMap<string, KeyCheck>;
  /** Keys in scope the deadline kept from being read. */
  readonly unchecked: readonly KeyRef[];
  readonly previous: ReadonlyMap<string, AlertRecord>;
  readonly policy: KeyRulePolicy;
  readonly now: number;
}

/**
 * Keys by what this run learnt of them. `checked` keys got an answer or
 * a failure and are split into ok and their worst finding; a key that
 * could not be read counts as unverified even while an earlier alert
 * stays firing for it. `unchecked` keys were not reached before the
 * deadline.
 */
export interface KeyCounts extends SeverityCounts {
  readonly checked: number;
  readonly unchecked: number;
  readonly ok: number;
}

/** An earlier alert kept as it was because its key could not be read. */
export interface CarriedAlert {
  readonly alertId: string;
  readonly severity: Severity;
}

export interface KeyFindings {
  readonly findings: readonly Finding[];
  /** By key (`region/keyId`). */
  readonly carried: ReadonlyMap<string, CarriedAlert>;
  /** Every Logstore of each key, as `project/logstore`. */
  readonly logstores: ReadonlyMap<string, readonly string[]>;
}

const logstoresByKey = (bindings: readonly Binding[]) => {
  const index = new Map<string, string[]>();
  for (const b of bindings) {
    const ref = keyRefOf(b);
    if (ref === undefined) continue;
    const id = keyRefId(ref);
    index.set(id, [...(index.get(id) ?? []), logstorePath(b)]);
  }
  return index;
};

export const keyFindings = (input: KeyFindingsInput): KeyFindings => {
  const index = logstoresByKey(input.bindings);
  const findings: Finding[] = [];
  const carried = new Map<string, CarriedAlert>();
  // An earlier alert still firing is kept as it was when `keeps` says so.
  const carry = (ref: KeyRef, keeps: (record: AlertRecord) => boolean) => {
    const alertId = keyAlertId(ref.keyId, ref.region);
    const before = input.previous.get(alertId);
    if (before?.status !== 'firing' || !keeps(before)) return false;
    carried.set(keyRefId(ref), { alertId, severity: before.severity });
    return true;
  };
  for (const [id, check] of input.checks) {
    const [region = '', ...rest] = id.split('/');
    const ref = { keyId: rest.join('/'), region };
    const logstores = index.get(id) ?? [];
    if (check.outcome === 'read') {
      const found = evaluateKey(check.key, input.policy, input.now);
      findings.push(...found.map((f) => ({ ...f, logstores })));
    } else if (check.outcome === 'not_found') {
      findings.push({ ...keyNotFound(ref.keyId, region), logstores });
    } else if (!carry(ref, (before) => before.severity !== 'unverified')) {
      // An alert firing on facts stays as it is ("could not read" says
      // less than the last read did); an unverified one gets the cause
      // seen now.
      findings.push({
        ...keyUnverified(ref.keyId, region, check.error),
        logstores,
      });
    }
  }
  for (const ref of input.unchecked) {
    // Not read at all: whatever is firing stays exactly as it was.
    if (carry(ref, () => true)) continue;
    findings.push({
      ...keyUnchecked(ref.keyId, ref.region),
      logstores: index.get(keyRefId(ref)) ?? [],
    });
  }
  return { findings, carried, logstores: index };
};

export const countKeys = (
  input: KeyFindingsInput,
  findings: readonly Finding[],
  carried: ReadonlyMap<string, CarriedAlert>,
): KeyCounts => {
  const counts = {
    checked: input.checks.size,
    unchecked: input.unchecked.length,
    ok: 0,
    ...emptyCounts(),
  };
  for (const id of input.checks.keys()) {
    if (carried.has(id)) {
      counts.unverified += 1;
      continue;
    }
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
