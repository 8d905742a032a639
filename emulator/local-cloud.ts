import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type Random, seededRandom } from '../shared/clock.ts';
import {
  type EndpointSet,
  isRegionId,
  localEndpoints,
} from '../shared/endpoints.ts';
import { installLocalDns } from '../shared/local-dns.ts';
import { AccountRegistry } from './accounts.ts';
import { createEmulatorClock } from './clock.ts';
import { type Control, createControl, type SeedInput } from './control.ts';
import { DEMO_ACCOUNT_ID, DEMO_REGION, demoSeed } from './demo.ts';
import { LocalEventBus } from './event-bus.ts';
import { FaultInjector } from './faults.ts';
import { createFront } from './front.ts';
import { listenOn } from './http-io.ts';
import { createKmsService, type KmsService } from './kms/service.ts';
import { RequestLog } from './request-log.ts';
import { createSinkService, type SinkService } from './sink/service.ts';
import { createSlsService, type SlsService } from './sls/service.ts';
import type { EmulatorClock, ServiceDeps } from './types.ts';

export interface LocalCloudOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  readonly hostname?: string;
  readonly defaultRegion?: string;
  /** What to seed at start and after each reset; the demo account by
   * default. */
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

export const startLocalCloud = async (
  options: LocalCloudOptions = {},
): Promise<LocalCloud> => {
  installLocalDns();
  const defaultRegion = options.defaultRegion ?? DEMO_REGION;
  // Bare hosts answer for this region; a bad one would fail every call.
  if (!isRegionId(defaultRegion)) {
    throw new Error(
      `"${defaultRegion}" is not a region id such as cn-hangzhou`,
    );
  }
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

  const serve = createFront({
    control,
    events,
    sink,
    sls,
    kms,
    faults,
    requestLog,
    clock,
    random,
    defaultRegion,
  });
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

  await listenOn(server, options.port ?? 0, options.hostname);
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
