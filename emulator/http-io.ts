import type http from 'node:http';
import type { Random } from '../shared/clock.ts';
import type { EmulatorResponse } from './types.ts';

/**
 * Reading a request off Node's server and writing an answer back: the
 * plumbing under the front, kept apart from what the front decides.
 */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Bodies up to FC's 32 MB synchronous limit; a larger one fails. */
export const readBody = async (req: http.IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};

/** Lower-case names; a repeated header's values joined with `, `. */
export const lowerCaseHeaders = (
  headers: http.IncomingHttpHeaders,
): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
};

const HEX = '0123456789ABCDEF';

/** A sequence number plus seeded hex, so ids replay with the seed. */
export const requestIdOf = (sequence: number, random: Random): string => {
  const suffix = Array.from(
    { length: 16 },
    () => HEX[Math.floor(random.next() * 16)],
  ).join('');
  return `${sequence.toString(16).padStart(8, '0').toUpperCase()}${suffix}`;
};

/** Writes the answer unless the connection is already gone. */
export const send = (
  res: http.ServerResponse,
  answer: EmulatorResponse,
): void => {
  if (res.writableEnded || res.destroyed) return;
  const body = answer.body ?? '';
  res.writeHead(answer.status, {
    ...answer.headers,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
};

/**
 * Listens on loopback, and rejects (EADDRINUSE and the like) instead of
 * leaving the error to crash the process from an 'error' event.
 */
export const listenOn = (
  server: http.Server,
  port: number,
  hostname = '127.0.0.1',
): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
