/**
 * How bad a finding is. `unverified` means keyguard could not tell, so it
 * ranks below a confirmed warning: a minimum severity of `warning` leaves
 * it out, the default minimum `unverified` keeps everything.
 */
export const SEVERITIES = ['unverified', 'warning', 'critical'] as const;

export type Severity = (typeof SEVERITIES)[number];

export const isSeverity = (value: unknown): value is Severity =>
  typeof value === 'string' &&
  (SEVERITIES as readonly string[]).includes(value);

export const severityRank = (severity: Severity): number =>
  SEVERITIES.indexOf(severity);

export const atLeast = (severity: Severity, minimum: Severity): boolean =>
  severityRank(severity) >= severityRank(minimum);

export const highest = (severities: readonly Severity[]): Severity =>
  severities.reduce<Severity>(
    (best, next) => (severityRank(next) > severityRank(best) ? next : best),
    'unverified',
  );

export type SeverityCounts = Record<Severity, number>;

export const emptyCounts = (): SeverityCounts => ({
  unverified: 0,
  warning: 0,
  critical: 0,
});
