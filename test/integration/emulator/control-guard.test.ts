import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';

/**
 * The control API takes no credentials, so it must only answer the
 * machine itself: a web page can send it a text/plain POST with its own
 * Origin, and a DNS-rebound name reaches it with a foreign Host.
 */
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({ port: 0 });
});
afterAll(async () => {
  await cloud.close();
});

const send = (
  path: string,
  headers: Record<string, string>,
  body = '',
): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port: cloud.port, method: 'POST', path, headers },
      (response) => {
        let text = '';
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: text }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });

const advanceDay = JSON.stringify({ advanceMs: 86_400_000 });

describe('who may use the control API', () => {
  it('refuses a request from a web page of another origin', async () => {
    const before = cloud.clock.offset();

    const answer = await send(
      '/_control/clock',
      { 'content-type': 'text/plain', origin: 'https://evil.example' },
      advanceDay,
    );

    expect(answer.status).toBe(403);
    expect(answer.body).toContain('Origin');
    expect(cloud.clock.offset()).toBe(before);
  });

  it('refuses a request whose Host is not a loopback name', async () => {
    const before = cloud.clock.offset();

    const answer = await send(
      '/_control/clock',
      { host: `rebound.example:${cloud.port}` },
      advanceDay,
    );

    expect(answer.status).toBe(403);
    expect(answer.body).toContain('Host');
    expect(cloud.clock.offset()).toBe(before);
  });

  it('answers loopback hosts and origins', async () => {
    const answers = await Promise.all([
      send('/_control/reset', { host: `127.0.0.1:${cloud.port}` }),
      send('/_control/reset', { host: `localhost:${cloud.port}` }),
      send('/_control/reset', {
        host: `cn-hangzhou.log.localhost:${cloud.port}`,
      }),
      send('/_control/reset', { origin: `http://localhost:3000` }),
      send('/_control/reset', { origin: `http://127.0.0.1:${cloud.port}` }),
      send('/_control/reset', { origin: 'http://[::1]:8080' }),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([
      200, 200, 200, 200, 200, 200,
    ]);
  });

  it('refuses an event target off this machine', async () => {
    const answers = await Promise.all(
      [
        'http://169.254.169.254/latest/meta-data/',
        'http://example.com/hook',
        'file:///etc/passwd',
      ].map((url) =>
        send(
          '/_control/event-targets',
          { 'content-type': 'application/json' },
          JSON.stringify({ url }),
        ),
      ),
    );

    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400]);
    expect(answers[0]?.body).toContain('loopback');
    expect(cloud.events.targets()).toEqual([]);
  });

  it('takes a loopback event target', async () => {
    const answer = await send(
      '/_control/event-targets',
      { 'content-type': 'application/json' },
      JSON.stringify({ url: 'http://127.0.0.1:9/events' }),
    );

    expect(answer.status).toBe(200);
    expect(cloud.events.targets()).toEqual(['http://127.0.0.1:9/events']);
    cloud.control.reset();
  });
});
