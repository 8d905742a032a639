import { createHash } from 'node:crypto';
import type { FcHttpResponse } from './http-answer.ts';
import type { HttpRequest } from './http-event.ts';
import { SIGNATURE_TOLERANCE_MS } from './webhook-signature.ts';

/**
 * What this instance remembers of signed messages, by `webhook-id`.
 *
 * A Standard Webhooks sender keeps one id for a message across all its
 * attempts, re-signing each with the attempt's own timestamp. So the id
 * names a message, not an attempt, and the rule is:
 *
 * - an id not seen yet, or seen for the same request but never given a
 *   final answer (a 5xx, which asks the sender to try again), is
 *   processed: provisioning is idempotent, so a retry after a 503 does
 *   what the first attempt could not;
 * - an id whose request got a final answer (anything below 500: created,
 *   unchanged, found, conflict, refused, invalid) gets that same answer
 *   again, without calling SLS or KMS. A sender whose copy of a 201 was
 *   lost learns it was created; a captured request replayed within the
 *   timestamp window changes nothing and costs no vendor call;
 * - an id already seen with another method, path, query or body is
 *   refused: ids must be unique per message, and answering a different
 *   request with a remembered answer would be wrong.
 *
 * An id is kept for twice the timestamp tolerance after it was last
 * used, which outlasts every signature that can still be valid for it
 * (a timestamp up to 5 minutes ahead, accepted for 5 more). A later
 * attempt with a fresh signature is simply processed again.
 */
export type Recall =
  /** Run the request; `answered` must follow with its answer. */
  | { readonly kind: 'process' }
  | { readonly kind: 'answered'; readonly response: FcHttpResponse }
  | { readonly kind: 'reused' };

export interface DeliveryMemory {
  /** Looks the id up and, when it is to be processed, claims it. */
  recall(id: string, fingerprint: string, nowMs: number): Recall;
  /** Keeps the final answer a claimed id's request got. */
  answered(
    id: string,
    fingerprint: string,
    response: FcHttpResponse,
    nowMs: number,
  ): void;
}

interface Entry {
  readonly fingerprint: string;
  readonly response?: FcHttpResponse;
  readonly expiresMs: number;
}

export const DELIVERY_WINDOW_MS = 2 * SIGNATURE_TOLERANCE_MS;
/** A bound on memory; an id pushed out is only processed again. */
export const MAX_REMEMBERED = 10_000;

/** True for answers a sender should not retry. */
export const isFinalStatus = (status: number): boolean => status < 500;

/** What identifies the request a message carries, whatever its timestamp. */
export const requestFingerprint = (request: HttpRequest): string => {
  const query = Object.entries(request.query).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return createHash('sha256')
    .update(JSON.stringify([request.method, request.path, query]))
    .update('\n')
    .update(request.body)
    .digest('base64');
};

// Whoever sends an answer on may add headers; the kept one stays as it was.
const copyOf = (response: FcHttpResponse): FcHttpResponse => ({
  ...response,
  headers: { ...response.headers },
});

export const memoryDeliveries = (
  options: { readonly windowMs?: number; readonly maxEntries?: number } = {},
): DeliveryMemory => {
  const windowMs = options.windowMs ?? DELIVERY_WINDOW_MS;
  const maxEntries = options.maxEntries ?? MAX_REMEMBERED;
  const entries = new Map<string, Entry>();
  // Map order is insertion order, and every (re-)insertion expires one
  // window after its time, so the oldest entries come first and pruning
  // stops at the first one still alive.
  const prune = (nowMs: number) => {
    for (const [id, entry] of entries) {
      if (entry.expiresMs > nowMs) break;
      entries.delete(id);
    }
  };
  const keep = (id: string, entry: Entry) => {
    entries.delete(id);
    entries.set(id, entry);
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries) break;
      entries.delete(oldest);
    }
  };
  return {
    recall: (id, fingerprint, nowMs) => {
      prune(nowMs);
      const entry = entries.get(id);
      if (entry !== undefined && entry.fingerprint !== fingerprint) {
        return { kind: 'reused' };
      }
      if (entry?.response !== undefined) {
        return { kind: 'answered', response: copyOf(entry.response) };
      }
      keep(id, { fingerprint, expiresMs: nowMs + windowMs });
      return { kind: 'process' };
    },
    answered: (id, fingerprint, response, nowMs) => {
      // The id may have been pushed out and claimed by another request.
      if (entries.get(id)?.fingerprint !== fingerprint) return;
      keep(id, {
        fingerprint,
        response: copyOf(response),
        expiresMs: nowMs + windowMs,
      });
    },
  };
};
