import type { Clock } from './clock.ts';

/**
 * How much time one invocation has left. FC offers no
 * getRemainingTimeInMillis (platform-facts §4), so the budget comes from
 * the function's configured timeout, less a margin kept back to log the
 * outcome and shape the answer before the platform kills the instance.
 */
export interface Deadline {
  /** Epoch milliseconds, on the injected clock, when the time is up. */
  readonly at: number;
  /** Never negative. */
  remainingMs(): number;
  expired(): boolean;
  /**
   * The deadline of one vendor call: the per-call timeout or what is left
   * of this deadline, whichever ends first.
   */
  child(callTimeoutMs: number): Deadline;
}

/**
 * Two seconds covers a final log line and an HTTP answer with room to
 * spare; short functions keep back a fifth of their budget instead, so a
 * 3 s function still gets 2.4 s of work.
 */
export const SAFETY_MARGIN_MS = 2_000;
export const MAX_MARGIN_SHARE = 0.2;

const deadlineAt = (clock: Clock, at: number): Deadline => {
  const remainingMs = (): number => Math.max(0, at - clock.now());

  return {
    at,
    remainingMs,
    expired: () => remainingMs() <= 0,
    child: (callTimeoutMs) =>
      deadlineAt(clock, Math.min(at, clock.now() + Math.max(0, callTimeoutMs))),
  };
};

/** A deadline `budgetMs` from now. */
export const createDeadline = (clock: Clock, budgetMs: number): Deadline =>
  deadlineAt(clock, clock.now() + Math.max(0, budgetMs));

export interface FunctionTimeout {
  readonly function: { readonly timeout: number };
}

/**
 * The invocation's deadline from FC's `context.function.timeout` (seconds),
 * started when the handler starts.
 */
export const deadlineFromContext = (
  context: FunctionTimeout,
  clock: Clock,
  marginMs: number = SAFETY_MARGIN_MS,
): Deadline => {
  const timeoutMs = Math.max(0, context.function.timeout * 1_000);
  const margin = Math.min(Math.max(0, marginMs), timeoutMs * MAX_MARGIN_SHARE);

  return createDeadline(clock, timeoutMs - margin);
};
