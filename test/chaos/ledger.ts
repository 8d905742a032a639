import type { RunSummary } from '../../shared/health/summary.ts';
import type { RequestSpec } from './requests.ts';

/**
 * What a chaos run did and saw, kept for the invariants: every HTTP
 * request and its answers, every queue message and each delivery of it,
 * every key-health run with the windows of the request log and the sink
 * it covered, and every key change.
 */
export interface HttpAnswer {
  readonly requestId: string;
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export interface HttpRecord {
  readonly spec: RequestSpec;
  readonly answers: HttpAnswer[];
}

export interface QueueMessage {
  readonly messageId: string;
  /** undefined: a body that is not JSON. */
  readonly spec?: RequestSpec;
  readonly text: string;
}

export interface QueueInvocation {
  readonly requestId: string;
  readonly messageIds: readonly string[];
  /** What the function returned, or undefined when it threw. */
  readonly result?: {
    readonly messages: readonly {
      readonly messageId: string;
      readonly outcome: string;
      readonly status: number;
      readonly code?: string;
    }[];
  };
  readonly threw: boolean;
}

export interface KeyHealthRecord {
  readonly requestId: string;
  readonly kind: 'timer' | 'events';
  readonly summary?: RunSummary;
  readonly threw: boolean;
  /** Request-log sequence numbers of the run: (after, upTo]. */
  readonly logAfter: number;
  readonly logUpTo: number;
  /** Sink sequence numbers of the run: (after, upTo]. */
  readonly sinkAfter: number;
  readonly sinkUpTo: number;
  /** Key states when the run ended, per key id (undefined: gone). */
  readonly truth: Readonly<
    Record<string, { state?: string; healthy: boolean }>
  >;
  /** Keys of Logstores that existed before the run began. */
  readonly boundKeys: readonly string[];
  /** Whether faults were cleared for this run. */
  readonly clean: boolean;
}

export interface KeyChange {
  readonly keyId: string;
  readonly action: string;
  readonly accepted: boolean;
}

export interface Ledger {
  readonly http: HttpRecord[];
  readonly messages: Map<string, QueueMessage>;
  readonly invocations: QueueInvocation[];
  readonly runs: KeyHealthRecord[];
  readonly keyChanges: KeyChange[];
  /** Batches still owed a redelivery (their invocation threw). */
  readonly owed: string[][];
  operations: number;
}

export const emptyLedger = (): Ledger => ({
  http: [],
  messages: new Map(),
  invocations: [],
  runs: [],
  keyChanges: [],
  owed: [],
  operations: 0,
});
