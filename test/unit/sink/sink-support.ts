import { createSinkService } from '../../../emulator/sink/service.ts';
import type {
  Accounts,
  EmulatorClock,
  EmulatorRequest,
  ServiceDeps,
} from '../../../emulator/types.ts';
import { seededRandom } from '../../../shared/clock.ts';

/** A sink on a clock the test sets; the sink needs no accounts. */
export const sinkAt = (epochMs: number) => {
  let now = epochMs;
  const clock: EmulatorClock = {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    set: (ms) => {
      now = ms;
    },
    offset: () => 0,
  };
  const deps: ServiceDeps = {
    clock,
    random: seededRandom(1),
    accounts: {} as Accounts,
    events: { publish: () => undefined },
    defaultRegion: 'cn-hangzhou',
  };
  return { sink: createSinkService(deps), clock };
};

export const post = (
  path: string,
  body: unknown,
  options: {
    readonly query?: Record<string, string>;
    readonly headers?: Record<string, string>;
  } = {},
): EmulatorRequest => {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    method: 'POST',
    path,
    query: options.query ?? {},
    rawQuery: new URLSearchParams(options.query ?? {}).toString(),
    headers: { 'content-type': 'application/json', ...options.headers },
    body: Buffer.from(raw, 'utf8'),
    host: { service: 'sink', region: 'cn-hangzhou' },
    receivedAt: Date.now(),
    requestId: 'req-1',
  };
};

export const answer = (response: {
  status: number;
  body?: string | Buffer;
}) => ({
  status: response.status,
  body: String(response.body ?? ''),
});
