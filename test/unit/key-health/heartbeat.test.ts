import { describe, expect, it } from 'vitest';
import { sendHeartbeat } from '../../../shared/health/heartbeat.ts';

const answering = (status: number): typeof fetch =>
  (async () => new Response('ok', { status })) as typeof fetch;

describe('the heartbeat', () => {
  it('says sent for a 2xx, failed for anything else or no answer', async () => {
    const url = 'https://monitor.example/ping/abcdef';

    expect(await sendHeartbeat(url, { fetch: answering(200) })).toBe('sent');
    expect(await sendHeartbeat(url, { fetch: answering(503) })).toBe('failed');
    expect(
      await sendHeartbeat(url, {
        fetch: (async () => {
          throw new TypeError('fetch failed');
        }) as typeof fetch,
      }),
    ).toBe('failed');
  });

  it('does nothing without a URL or without time left', async () => {
    let called = 0;
    const counting = (async () => {
      called += 1;
      return new Response('ok');
    }) as typeof fetch;

    expect(await sendHeartbeat(undefined, { fetch: counting })).toBe(
      'not_configured',
    );
    expect(
      await sendHeartbeat('https://m.example/p', {
        fetch: counting,
        timeoutMs: 0,
      }),
    ).toBe('failed');
    expect(called).toBe(0);
  });
});
