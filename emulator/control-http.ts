import type { z } from 'zod';
import { CHANNEL_TYPES } from '../shared/channels/types.ts';
import type { Control, SeedInput } from './control.ts';
import { controlRefusal } from './control-guard.ts';
import {
  byokFailureSchema,
  clockSchema,
  problemOf,
  robotSchema,
  seedSchema,
  stsSchema,
} from './control-schemas.ts';
import type { LocalEventBus } from './event-bus.ts';
import { InvalidFaultError } from './fault-schema.ts';
import type { FaultSpec } from './fault-spec.ts';
import { InvalidSeedError } from './seeding.ts';
import type { SinkService } from './sink/service.ts';
import type { SlsService } from './sls/service.ts';
import type { EmulatorResponse, ServiceName } from './types.ts';

/**
 * The control API over HTTP, the same operations the in-process `control`
 * object offers, for users running the local cloud as a separate process.
 * It listens on loopback only and takes no credentials. Documented in the
 * README's "Local cloud" section.
 */
export interface ControlRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface ControlTargets {
  readonly control: Control;
  readonly events: LocalEventBus;
  readonly sink: SinkService;
  readonly sls: SlsService;
}

type Route = (
  request: ControlRequest,
  targets: ControlTargets,
) => unknown | Promise<unknown>;

const json = (status: number, value: unknown): EmulatorResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
});

class BadControlRequest extends Error {}

const bodyOf = <T>(request: ControlRequest): T => {
  try {
    return JSON.parse(request.body.toString('utf8') || '{}') as T;
  } catch {
    throw new BadControlRequest('the body is not JSON');
  }
};

const parsed = <T>(schema: z.ZodType<T>, request: ControlRequest): T => {
  const result = schema.safeParse(bodyOf<unknown>(request));
  if (!result.success) throw new BadControlRequest(problemOf(result.error));
  return result.data;
};

const clockView = (control: Control) => {
  const now = control.clock.now();
  return {
    now,
    iso: new Date(now).toISOString(),
    offsetMs: control.clock.offset(),
  };
};

const routes: Record<string, Route> = {
  'GET /_control/health': () => ({ ok: true }),
  'POST /_control/seed': (request, { control }) => {
    try {
      return control.seed(parsed(seedSchema, request) as SeedInput);
    } catch (error) {
      if (error instanceof InvalidSeedError) {
        throw new BadControlRequest(error.message);
      }
      throw error;
    }
  },
  'POST /_control/reset': (_request, { control }) => {
    control.reset();
    return { ok: true };
  },
  'POST /_control/sts-tokens': (request, { control }) => {
    const { accountId, ttlSeconds } = parsed(stsSchema, request);
    return control.issueStsToken(accountId, ttlSeconds * 1000);
  },
  'GET /_control/clock': (_request, { control }) => clockView(control),
  'POST /_control/clock': (request, { control }) => {
    const move = parsed(clockSchema, request);
    if ('advanceMs' in move) control.clock.advance(move.advanceMs);
    else control.clock.set(Date.parse(move.set));
    return clockView(control);
  },
  'GET /_control/faults': (_request, { control }) => control.faults.list(),
  'POST /_control/faults': (request, { control }) => {
    try {
      return { id: control.faults.add(bodyOf<FaultSpec>(request)) };
    } catch (error) {
      if (error instanceof InvalidFaultError) {
        throw new BadControlRequest(error.message);
      }
      throw error;
    }
  },
  'DELETE /_control/faults': (_request, { control }) => {
    control.faults.clear();
    return { ok: true };
  },
  'GET /_control/requests': (request, { control }) =>
    control.requests({
      ...(request.query.service === undefined
        ? {}
        : {
            service: oneOf('service', request.query.service, SERVICE_NAMES),
          }),
      ...(request.query.operation === undefined
        ? {}
        : { operation: request.query.operation }),
    }),
  'GET /_control/requests/counts': (_request, { control }) =>
    control.callCounts(),
  'DELETE /_control/requests': (_request, { control }) => {
    control.clearRequests();
    return { ok: true };
  },
  'GET /_control/events': (_request, { events }) => events.published(),
  'POST /_control/event-targets': (request, { events }) => {
    const { url } = bodyOf<{ url?: unknown }>(request);
    try {
      events.addTarget(String(url));
    } catch (error) {
      throw new BadControlRequest((error as Error).message);
    }
    return { targets: events.targets() };
  },
  'GET /_control/sink/messages': (request, { sink }) =>
    sink.messages(
      request.query.channel === undefined
        ? {}
        : { channel: oneOf('channel', request.query.channel, CHANNEL_TYPES) },
    ),
  'POST /_control/sink/robots': (request, { sink }) => {
    const { channel, token, secret, keyword } = parsed(robotSchema, request);
    sink.configureRobot(channel, token, {
      ...(secret === undefined ? {} : { secret }),
      ...(keyword === undefined ? {} : { keyword }),
    });
    return { ok: true };
  },
  'POST /_control/sls/byok-read-failure': (request, { sls }) => {
    const { status, code, message } = parsed(byokFailureSchema, request);
    sls.setByokReadFailure({
      status,
      code,
      ...(message === undefined ? {} : { message }),
    });
    return { ok: true };
  },
};

const SERVICE_NAMES: readonly ServiceName[] = ['sls', 'kms', 'sink'];

/** A query filter that names nothing would answer [] and hide a typo. */
const oneOf = <T extends string>(
  name: string,
  value: string,
  allowed: readonly T[],
): T => {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new BadControlRequest(
      `${name}: must be one of ${allowed.join(', ')}`,
    );
  }
  return value as T;
};

export const handleControlRequest = async (
  request: ControlRequest,
  targets: ControlTargets,
): Promise<EmulatorResponse> => {
  const refusal = controlRefusal(request.headers);
  if (refusal !== undefined) {
    return json(403, { error: 'forbidden', message: refusal });
  }
  const route = routes[`${request.method} ${request.path}`];
  if (route === undefined) {
    const known = Object.keys(routes).some((key) =>
      key.endsWith(` ${request.path}`),
    );
    return json(known ? 405 : 404, {
      error: known ? 'method_not_allowed' : 'not_found',
      routes: Object.keys(routes),
    });
  }
  try {
    return json(200, (await route(request, targets)) ?? { ok: true });
  } catch (error) {
    if (error instanceof BadControlRequest) {
      return json(400, { error: 'bad_request', message: error.message });
    }
    // A service's own refusal (an account never seeded, say) is still the
    // caller's input at fault; its message names what was wrong.
    const message = error instanceof Error ? error.message : String(error);
    return json(400, { error: 'bad_request', message });
  }
};
