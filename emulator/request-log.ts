import { redactSinkBody, redactSinkPath } from './sink/redact.ts';
import type { ServiceName } from './types.ts';

/**
 * Every request the local cloud served, so tests and benchmarks can count
 * calls per operation and read what a client sent. Credentials and
 * signatures are left out: of the headers and query by name, and of a
 * webhook call's path and body (see sink/redact.ts).
 */
export interface RequestLogEntry {
  readonly seq: number;
  /** Emulator-clock milliseconds. */
  readonly at: number;
  readonly service: ServiceName;
  readonly operation: string;
  readonly region: string;
  readonly project?: string;
  readonly accountId?: string;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly status: number;
  readonly errorCode?: string;
  /** The injected fault that shaped this answer, if any. */
  readonly fault?: string;
}

export interface RequestFilter {
  readonly service?: ServiceName;
  readonly operation?: string;
  readonly project?: string;
}

const HIDDEN_HEADERS = new Set([
  'authorization',
  'x-acs-security-token',
  'x-acs-accesskey-id',
  'webhook-signature',
]);
const HIDDEN_QUERY = new Set([
  'Signature',
  'SecurityToken',
  'AccessKeyId',
  'sign',
  'access_token',
  'key',
]);

export const withoutSecrets = (
  record: Readonly<Record<string, string>>,
  hidden: ReadonlySet<string>,
): Record<string, string> =>
  Object.fromEntries(
    Object.entries(record).filter(([name]) => !hidden.has(name)),
  );

export class RequestLog {
  #entries: RequestLogEntry[] = [];
  #seq = 0;

  record(entry: Omit<RequestLogEntry, 'seq'>): void {
    this.#entries.push({
      ...entry,
      seq: ++this.#seq,
      ...(entry.service === 'sink'
        ? { path: redactSinkPath(entry.path), body: redactSinkBody(entry.body) }
        : {}),
      headers: withoutSecrets(entry.headers, HIDDEN_HEADERS),
      query: withoutSecrets(entry.query, HIDDEN_QUERY),
    });
  }

  list(filter: RequestFilter = {}): RequestLogEntry[] {
    return this.#entries.filter(
      (entry) =>
        (filter.service === undefined || entry.service === filter.service) &&
        (filter.operation === undefined ||
          entry.operation === filter.operation) &&
        (filter.project === undefined || entry.project === filter.project),
    );
  }

  /** Calls per `service:operation`. */
  counts(filter: RequestFilter = {}): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const entry of this.list(filter)) {
      const key = `${entry.service}:${entry.operation}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  clear(): void {
    this.#entries = [];
  }
}
