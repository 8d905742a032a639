/**
 * What `keyguard` exits with, so scripts and CI can branch on it. `check`
 * keeps 2 for "something critical was found", distinct from 1, "the tool
 * itself failed", so a broken run is never read as a clean one.
 */
export const EXIT = {
  ok: 0,
  failure: 1,
  critical: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
