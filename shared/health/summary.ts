import type { ChannelResult } from './deliver.ts';
import type { KeyCounts } from './evaluate.ts';
import type { HeartbeatOutcome } from './heartbeat.ts';
import type { SeverityCounts } from './severity.ts';

/**
 * The one line a run logs (`event: key_health.run`) and a direct invoke
 * answers with. Counts only: no URL, secret or account detail.
 */
export interface RunSummary {
  readonly event: 'key_health.run';
  readonly trigger: 'timer' | 'invoke' | 'kms_event';
  /** `partial`: the deadline cut the scan short; unchecked keys keep
   * their earlier alerts. */
  readonly outcome: 'complete' | 'partial';
  readonly dryRun: boolean;
  readonly regions: readonly string[];
  readonly projects: number;
  readonly logstores: number;
  readonly bindingsRead: number;
  readonly keys: KeyCounts;
  readonly findings: SeverityCounts;
  readonly silenced: number;
  readonly alerts: { readonly firing: number; readonly resolved: number };
  readonly channels: Readonly<Record<string, ChannelResult>>;
  readonly calls: Readonly<Record<string, number>>;
  readonly coverageGaps: number;
  readonly heartbeat: HeartbeatOutcome;
  readonly warnings: readonly string[];
  readonly durationMs: number;
}
