import type { ServiceName } from './types.ts';

/**
 * What the control API can inject. A fault applies to requests of one
 * service and, optionally, one operation and matching parameters; it fires
 * for the first `times` matching calls, or for a `share` of them (drawn from
 * the emulator's seeded random source), or for every call when neither is
 * given.
 */
export type FaultAction =
  /** Delay the answer. */
  | { readonly kind: 'latency'; readonly ms: number }
  /** Never answer; the client's own timeout must end the call. */
  | { readonly kind: 'hang' }
  /** The service's own throttling answer (SLS 429 ServerBusy, KMS 429
   * Rejected.Throttling, each sink channel's rate-limit reply). */
  | { readonly kind: 'throttle' }
  /** The service's own internal-error answer (5xx). */
  | { readonly kind: 'server-error' }
  /** A specific error in the service's own error shape. */
  | {
      readonly kind: 'error';
      readonly status: number;
      readonly code: string;
      readonly message?: string;
    }
  /** Close the connection without an answer. */
  | { readonly kind: 'drop' }
  /** An exact answer (for the sink's channel-specific failures). */
  | {
      readonly kind: 'reply';
      readonly status: number;
      readonly body: string;
      readonly headers?: Readonly<Record<string, string>>;
    };

export interface FaultSpec {
  readonly service: ServiceName;
  /** e.g. `CreateLogStore`, `DescribeKey`, `dingtalk`; all when absent. */
  readonly operation?: string;
  /** Every pair must equal a query parameter, a header (lower case), the
   * SLS project (`project`) or Logstore (`logstore`) of the request. */
  readonly match?: Readonly<Record<string, string>>;
  readonly action: FaultAction;
  /** `after`: the service handles the request, then the fault applies
   * (a create that succeeds but whose answer is lost). Default `before`. */
  readonly phase?: 'before' | 'after';
  readonly times?: number;
  /** 0..1 */
  readonly share?: number;
}
