import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type Random, seededRandom, sleep } from '../shared/clock.ts';
import { type EndpointSet, localEndpoints } from '../shared/endpoints.ts';
import { installLocalDns } from '../shared/local-dns.ts';
import { AccountRegistry } from './accounts.ts';
import { createEmulatorClock } from './clock.ts';
import { type Control, createControl, type SeedInput } from './control.ts';
import { handleControlRequest } from './control-http.ts';
import { DEMO_ACCOUNT_ID, DEMO_REGION, demoSeed } from './demo.ts';
import { LocalEventBus } from './event-bus.ts';
import type { FaultAction } from './fault-spec.ts';
import { FaultInjector } from './faults.ts';
import { routeOf } from './host.ts';
import { createKmsService, type KmsService } from './kms/service.ts';
import { RequestLog } from './request-log.ts';
import { createSinkService, type SinkService } from './sink/service.ts';
import { createSlsService, type SlsService } from './sls/service.ts';
import type {
  EmulatorClock,
  EmulatorRequest,
  EmulatorResponse,
  Service,
  ServiceDeps,
} from './types.ts';

export interface LocalCloudOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  readonly hostname?: string;
  readonly defaultRegion?: string;
  /** What to seed at start and after each reset; the demo account by default. */
  readonly seed?: SeedInput | 'demo' | 'none';
  /** Seeds fault shares and generated ids, so runs replay. */
  readonly randomSeed?: number;
}

export interface LocalCloud {
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly endpoints: EndpointSet;
  readonly clock: EmulatorClock;
  readonly random: Random;
  readonly control: Control;
  readonly events: LocalEventBus;
  readonly sls: SlsService;
  readonly kms: KmsService;
  readonly sink: SinkService;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 32 * 1024 * 1024;

export const startLocalCloud = async (
  options: LocalCloudOptions = {},
): Promise<LocalCloud> => {
  installLocalDns();
  const defaultRegion = options.defaultRegion ?? DEMO_REGION;
  const clock = createEmulatorClock();
  const random = seededRandom(options.randomSeed ?? Date.now());
  const accounts = new AccountRegistry(clock, random);
  const events = new LocalEventBus();
  const deps: ServiceDeps = { clock, random, accounts, events, defaultRegion };
  const kms = createKmsService(deps);
  const sls = createSlsService({
    ...deps,
    keyStateOf: (accountId, region, keyId) =>
      kms.keyStateOf(accountId, region, keyId),
  });
  const sink = createSinkService(deps);
  const faults = new FaultInjector(random);
  const requestLog = new RequestLog();
  const initialSeed =
    options.seed === 'none'
      ? {}
      : options.seed === undefined || options.seed === 'demo'
        ? demoSeed()
        : options.seed;
  const control = createControl({
    clock,
    accounts,
    faults,
    requestLog,
    events,
    sls,
    kms,
    sink,
    defaultAccountId: DEMO_ACCOUNT_ID,
    defaultRegion,
    initialSeed,
  });
  control.seed(initialSeed);

  const services: Record<string, Service> = { sls, kms, sink };
  let sequence = 0;
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
      }
      res.end(
        JSON.stringify({ error: 'emulator_failure', detail: String(error) }),
      );
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const serve = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://emulator');
    const query = Object.fromEntries(url.searchParams);
    const headers = lowerCaseHeaders(req.headers);
    if (url.pathname.startsWith('/_control/')) {
      const answer = await handleControlRequest(
        {
          method: req.method ?? 'GET',
          path: url.pathname,
          query,
          headers,
          body,
        },
        { control, events, sink, sls },
      );
      return send(res, answer);
    }
    const route = routeOf(
      { host: headers.host ?? '', path: url.pathname, query, headers },
      defaultRegion,
    );
    if (route === undefined) {
      return send(res, {
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          errorCode: 'InvalidHost',
          errorMessage: `no local service answers for host ${headers.host}`,
        }),
      });
    }
    const request: EmulatorRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      rawQuery: url.search.replace(/^\?/, ''),
      headers,
      body,
      host: route,
      receivedAt: Date.now(),
      requestId: requestIdOf(++sequence, random),
    };
    const service = services[route.service] as Service;
    const operation = service.operationOf(request);
    const target = {
      service: route.service,
      operation,
      fields: faultFields(request),
    };
    const record = (answer: EmulatorResponse, fault?: string) =>
      requestLog.record({
        at: clock.now(),
        service: route.service,
        operation,
        region: route.region,
        ...(route.project === undefined ? {} : { project: route.project }),
        ...(answer.accountId === undefined
          ? {}
          : { accountId: answer.accountId }),
        method: request.method,
        path: request.path,
        query,
        headers,
        body: body.toString('utf8'),
        status: answer.status,
        ...(answer.errorCode === undefined
          ? {}
          : { errorCode: answer.errorCode }),
        ...(fault === undefined ? {} : { fault }),
      });

    const before = faults.decide(target, 'before');
    if (before !== undefined) {
      const injected = await applyFault(before, service, request, res);
      if (injected === 'passed') {
        // latency: go on and handle the request normally
      } else {
        record(injected ?? { status: 0 }, before.kind);
        if (injected !== undefined) send(res, injected);
        return;
      }
    }
    const answer = await service.handle(request);
    const after = faults.decide(target, 'after');
    if (after !== undefined) {
      const injected = await applyFault(after, service, request, res);
      record(answer, after.kind);
      if (injected === 'passed') return send(res, answer);
      if (injected !== undefined) send(res, injected);
      return;
    }
    record(answer);
    send(res, answer);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.hostname ?? '127.0.0.1', () =>
      resolve(),
    );
  });
  const { port } = server.address() as AddressInfo;

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    endpoints: localEndpoints(port),
    clock,
    random,
    control,
    events,
    sls,
    kms,
    sink,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

/**
 * Applies one injected fault. Returns the answer to send, `passed` when the
 * request should go on (latency), or undefined when nothing is sent (a hang
 * or a dropped connection).
 */
const applyFault = async (
  action: FaultAction,
  service: Service,
  request: EmulatorRequest,
  res: http.ServerResponse,
): Promise<EmulatorResponse | 'passed' | undefined> => {
  switch (action.kind) {
    case 'latency':
      await sleep(action.ms);
      return 'passed';
    case 'hang':
      // Held open until the client gives up or the cloud closes.
      return undefined;
    case 'drop':
      res.socket?.destroy();
      return undefined;
    case 'throttle':
      return service.throttleResponse(request);
    case 'server-error':
      return service.serverErrorResponse(request);
    case 'error':
      return service.errorResponse(
        request,
        action.status,
        action.code,
        action.message ?? `injected ${action.code}`,
      );
    case 'reply':
      return {
        status: action.status,
        headers: { 'content-type': 'application/json', ...action.headers },
        body: action.body,
      };
  }
};

const faultFields = (request: EmulatorRequest): Record<string, string> => {
  const fields: Record<string, string> = { ...request.query };
  for (const [name, value] of Object.entries(request.headers)) {
    fields[name] = value;
  }
  if (request.host.project !== undefined) {
    fields.project = request.host.project;
  }
  const logstore = /^\/logstores\/([^/]+)/.exec(request.path)?.[1];
  if (logstore !== undefined) fields.logstore = decodeURIComponent(logstore);
  else if (request.body.length > 0 && request.body[0] === 0x7b) {
    try {
      const parsed = JSON.parse(request.body.toString('utf8')) as unknown;
      const name = (parsed as { logstoreName?: unknown }).logstoreName;
      if (typeof name === 'string') fields.logstore = name;
    } catch {
      // Not JSON: the service will say so.
    }
  }
  return fields;
};

const readBody = async (req: http.IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};

const lowerCaseHeaders = (
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

const requestIdOf = (sequence: number, random: Random): string => {
  const suffix = Array.from(
    { length: 16 },
    () => HEX[Math.floor(random.next() * 16)],
  ).join('');
  return `${sequence.toString(16).padStart(8, '0').toUpperCase()}${suffix}`;
};

const send = (res: http.ServerResponse, answer: EmulatorResponse): void => {
  if (res.writableEnded || res.destroyed) return;
  const body = answer.body ?? '';
  res.writeHead(answer.status, {
    ...answer.headers,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
};
