import type { RequestLogEntry } from '../../emulator/request-log.ts';
import type { SinkMessage } from '../../emulator/sink/service.ts';
import type { World } from './world.ts';

/**
 * A stand-in for a chaos run's world, holding only what the invariant
 * checkers read, so each checker can be shown to fail.
 */
export interface Fake {
  logstores?: { project: string; logstoreName: string; fields: object }[];
  requests?: Partial<RequestLogEntry>[];
  sink?: Partial<SinkMessage>[];
  lines?: string[];
  canaries?: string[];
}

export const worldOf = (fake: Fake): World => {
  const requests = (fake.requests ?? []).map((r, i) => ({
    seq: i + 1,
    query: {},
    ...r,
  })) as RequestLogEntry[];
  const lines = fake.lines ?? [];
  return {
    cloud: {
      sls: {
        snapshot: () => ({ projects: [], logstores: fake.logstores ?? [] }),
      },
      control: {
        requests: (filter: { service?: string; operation?: string } = {}) =>
          requests.filter(
            (r) =>
              (filter.service === undefined || r.service === filter.service) &&
              (filter.operation === undefined ||
                r.operation === filter.operation),
          ),
        callCounts: () => {
          const counts: Record<string, number> = {};
          for (const r of requests) {
            const key = `${r.service}:${r.operation}`;
            counts[key] = (counts[key] ?? 0) + 1;
          }
          return counts;
        },
      },
      sink: { messages: () => (fake.sink ?? []) as SinkMessage[] },
    },
    logs: {
      lines,
      records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    },
    canaries: new Set(fake.canaries ?? []),
  } as unknown as World;
};
