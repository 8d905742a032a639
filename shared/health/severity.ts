import { meetsMinSeverity } from '../channels/severity.ts';
import type { Severity } from '../channels/types.ts';

/**
 * How bad a finding is. Minimum-severity filters follow the channels'
 * rule (critical > warning = unverified, shared/channels/severity.ts), so
 * a run and a channel never disagree about what "warning" admits. When
 * one alert holds several findings, a confirmed warning outranks an
 * unverified one for its headline.
 */
export type { Severity };

export const SEVERITIES = ['unverified', 'warning', 'critical'] as const;

export const isSeverity = (value: unknown): value is Severity =>
  typeof value === 'string' &&
  (SEVERITIES as readonly string[]).includes(value);

/** Ordering for headlines: unverified < warning < critical. */
export const severityRank = (severity: Severity): number =>
  SEVERITIES.indexOf(severity);

export const atLeast = (severity: Severity, minimum: Severity): boolean =>
  meetsMinSeverity(severity, minimum);

export const highest = (severities: readonly Severity[]): Severity =>
  severities.reduce<Severity>(
    (best, next) => (severityRank(next) > severityRank(best) ? next : best),
    'unverified',
  );

export type SeverityCounts = Record<Severity, number>;

export const emptyCounts = (): SeverityCounts => ({
  critical: 0,
  warning: 0,
  unverified: 0,
});
