import type { AlertNotice } from '../types.ts';

/**
 * How much of a notice a block may show. A notice that does not fit a
 * message whole is shown with fewer Logstores (the rest counted as "and N
 * more") and, as a last resort, with its texts clipped behind a visible
 * marker. Nothing is ever dropped without saying so.
 */
export interface Fit {
  readonly maxLogstores: number;
  readonly maxText: number;
}

export const FULL_FIT: Fit = {
  maxLogstores: Number.POSITIVE_INFINITY,
  maxText: Number.POSITIVE_INFINITY,
};

/** What a message body is built from besides its blocks. */
export interface PageContext {
  /** 1-based. */
  readonly page: number;
  readonly pages: number;
  /** e.g. "2 critical, 1 resolved", over the whole run. */
  readonly totals: string;
  /** Alerts left for the next run; shown on the last page only. */
  readonly overflow: number;
  readonly keyword: string | undefined;
  /** ISO 8601, from the injected clock. */
  readonly sentAt: string;
}

/**
 * One channel's message format. `Block` is one notice as the channel shows
 * it (markup for chat robots, an object for the generic channel).
 */
export interface MessageFormat<Block> {
  readonly type: string;
  /** Most messages a run sends to one channel; the rest wait a run. */
  readonly maxMessages: number;
  block(notice: AlertNotice, fit: Fit): Block;
  /** Per-block limits, where the channel has them (Slack sections). */
  blockFits?(block: Block): boolean;
  body(
    blocks: readonly Block[],
    notices: readonly AlertNotice[],
    context: PageContext,
  ): Record<string, unknown>;
  /** Whether a finished body is within the channel's limits. */
  fits(body: Record<string, unknown>): boolean;
}

export const utf8Bytes = (text: string): number =>
  Buffer.byteLength(text, 'utf8');

export const jsonBytes = (body: unknown): number =>
  utf8Bytes(JSON.stringify(body));
