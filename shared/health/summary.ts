import type { ChannelResult } from './deliver.ts';
import type { HeartbeatOutcome } from './heartbeat.ts';
import type { CarriedAlert, KeyCounts } from './key-findings.ts';
import type { SeverityCounts } from './severity.ts';

/**
 * The one line a run logs (`event: key_health.run`) and a direct invoke
 * answers with. Counts and alert ids only: no URL, secret or account
 * detail.
 */
export interface RunSummary {
  readonly event: 'key_health.run';
  readonly trigger: 'timer' | 'invoke' | 'kms_event';
  /** `partial`: the deadline cut the scan short; `keys.unchecked` says
   * how many keys it never read (their firing alerts stay as they were,
   * the others are reported unverified). */
  readonly outcome: 'complete' | 'partial';
  readonly dryRun: boolean;
  readonly regions: readonly string[];
  readonly projects: number;
  readonly logstores: number;
  readonly bindingsRead: number;
  readonly keys: KeyCounts;
  /** Findings made this run, by severity. */
  readonly findings: SeverityCounts;
  /** Alerts kept firing as they were because their key could not be
   * read this run; not counted in `findings`. */
  readonly carriedOver: readonly CarriedAlert[];
  readonly silenced: number;
  readonly alerts: { readonly firing: number; readonly resolved: number };
  readonly channels: Readonly<Record<string, ChannelResult>>;
  readonly calls: Readonly<Record<string, number>>;
  readonly coverageGaps: number;
  readonly heartbeat: HeartbeatOutcome;
  readonly warnings: readonly string[];
  readonly durationMs: number;
}
