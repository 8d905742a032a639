import { describe, expect, it } from 'vitest';
import type { FcHttpResponse } from '../../../shared/fc/http-answer.ts';
import type { HttpRequest } from '../../../shared/fc/http-event.ts';
import {
  DELIVERY_WINDOW_MS,
  isFinalStatus,
  memoryDeliveries,
  requestFingerprint,
} from '../../../shared/fc/webhook-deliveries.ts';

const NOW = Date.parse('2026-01-01T00:00:00Z');

const reply = (statusCode: number): FcHttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ requestId: 'r-1', outcome: 'created' }),
  isBase64Encoded: false,
});

const request = (overrides: Partial<HttpRequest> = {}): HttpRequest => ({
  method: 'POST',
  path: '/logstores',
  headers: {},
  query: {},
  body: Buffer.from('{"project":"demo-proj"}'),
  ...overrides,
});

describe('memoryDeliveries', () => {
  it('processes a new id, and again while it has no final answer', () => {
    const memory = memoryDeliveries();

    expect(memory.recall('m', 'f', NOW)).toEqual({ kind: 'process' });
    expect(memory.recall('m', 'f', NOW + 2_000)).toEqual({ kind: 'process' });
  });

  it('answers a finished id with its answer until the window ends', () => {
    const memory = memoryDeliveries();
    memory.recall('m', 'f', NOW);
    memory.answered('m', 'f', reply(201), NOW);

    expect(memory.recall('m', 'f', NOW + DELIVERY_WINDOW_MS - 1)).toEqual({
      kind: 'answered',
      response: reply(201),
    });
    expect(memory.recall('m', 'f', NOW + 2 * DELIVERY_WINDOW_MS)).toEqual({
      kind: 'process',
    });
  });

  it('refuses an id claimed or answered for another request', () => {
    const memory = memoryDeliveries();
    memory.recall('claimed', 'f', NOW);
    memory.recall('done', 'f', NOW);
    memory.answered('done', 'f', reply(200), NOW);

    expect(memory.recall('claimed', 'g', NOW)).toEqual({ kind: 'reused' });
    expect(memory.recall('done', 'g', NOW)).toEqual({ kind: 'reused' });
  });

  it('keeps no answer for an id now held by another request', () => {
    const memory = memoryDeliveries({ maxEntries: 1 });
    memory.recall('m', 'f', NOW);
    memory.recall('other', 'x', NOW);
    memory.recall('m', 'g', NOW);

    memory.answered('m', 'f', reply(201), NOW);

    expect(memory.recall('m', 'g', NOW)).toEqual({ kind: 'process' });
  });

  it('forgets the oldest ids beyond its bound', () => {
    const memory = memoryDeliveries({ maxEntries: 2 });
    for (const id of ['a', 'b', 'c']) {
      memory.recall(id, 'f', NOW);
      memory.answered(id, 'f', reply(200), NOW);
    }

    expect(memory.recall('a', 'f', NOW).kind).toBe('process');
    expect(memory.recall('c', 'f', NOW).kind).toBe('answered');
  });
});

describe('final answers and fingerprints', () => {
  it('treats every answer below 500 as final and 5xx as retryable', () => {
    expect([200, 201, 400, 401, 404, 409, 422].every(isFinalStatus)).toBe(true);
    expect([500, 502, 503, 504].some(isFinalStatus)).toBe(false);
  });

  it('tells requests apart by method, path, query and body only', () => {
    const base = requestFingerprint(request());

    expect(
      requestFingerprint(request({ headers: { 'webhook-timestamp': '1' } })),
    ).toBe(base);
    for (const other of [
      request({ method: 'PUT' }),
      request({ path: '/logstores/demo-proj/app-audit' }),
      request({ query: { region: 'cn-shanghai' } }),
      request({ body: Buffer.from('{"project":"other"}') }),
    ]) {
      expect(requestFingerprint(other)).not.toBe(base);
    }
  });
});
