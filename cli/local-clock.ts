import { z } from 'zod';
import type { Clock } from '../shared/clock.ts';
import { KeyguardError } from '../shared/errors.ts';

/**
 * The local cloud's clock, as the CLI reads it. Key lifecycle dates there
 * follow the emulator's clock, which tests and users move with `POST
 * /_control/clock`; a CLI on real time would count days from another
 * "now" than key-health does. The offset is read once per command: a run
 * is short next to the days its findings count.
 */
const clockView = z.object({ offsetMs: z.number().finite() });

// The control API answers from memory; anything slower is not a local
// cloud that is up.
const READ_TIMEOUT_MS = 5_000;

const unreachable = (url: string, why: string): KeyguardError =>
  new KeyguardError(
    `cannot read the local cloud's clock at ${url} (${why}); ` +
      'is the local cloud running on that port?',
    { code: 'local_cloud_unreachable', status: 503 },
  );

const causeCode = (error: unknown): string => {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;

  return error instanceof Error ? error.name : 'failed';
};

export const readLocalClock = async (
  port: number,
  realNow: () => number = Date.now,
): Promise<Clock> => {
  const url = `http://127.0.0.1:${port}/_control/clock`;
  let response: Response;
  try {
    response = await fetch(url, {
      signal: AbortSignal.timeout(READ_TIMEOUT_MS),
    });
  } catch (error) {
    throw unreachable(url, causeCode(error));
  }
  if (!response.ok) throw unreachable(url, `HTTP ${response.status}`);
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw unreachable(url, 'the answer is not JSON');
  }
  const view = clockView.safeParse(body);
  if (!view.success) throw unreachable(url, 'the answer has no offsetMs');
  const { offsetMs } = view.data;

  return { now: () => realNow() + offsetMs };
};
