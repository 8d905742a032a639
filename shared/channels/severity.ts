import type { AlertNotice, Severity } from './types.ts';

/**
 * critical > warning = unverified. A key keyguard could not check is as
 * worth a look as a warning, never less: a channel that asks for warnings
 * also gets "could not verify", and one that asks only for critical gets
 * neither. `minSeverity: 'unverified'` therefore means the same as
 * `'warning'`.
 */
export const SEVERITY_RANK = {
  critical: 2,
  warning: 1,
  unverified: 1,
} as const satisfies Record<Severity, number>;

export const meetsMinSeverity = (
  severity: Severity,
  minSeverity: Severity,
): boolean => SEVERITY_RANK[severity] >= SEVERITY_RANK[minSeverity];

/**
 * The order notices appear in a message: firing before resolved, then the
 * most severe first; ties keep the order key-health gave.
 */
export const orderNotices = (notices: readonly AlertNotice[]): AlertNotice[] =>
  notices
    .map((notice, index) => ({ notice, index }))
    .sort((a, b) => {
      const status =
        Number(a.notice.status === 'resolved') -
        Number(b.notice.status === 'resolved');
      if (status !== 0) return status;
      const rank =
        SEVERITY_RANK[b.notice.severity] - SEVERITY_RANK[a.notice.severity];
      return rank !== 0 ? rank : a.index - b.index;
    })
    .map(({ notice }) => notice);
