import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_ACCOUNT_ID, DEMO_REGION, demoRequest } from '../emulator/demo.ts';
import {
  invokeFunction,
  mnsQueueEvent,
  serveHttpTrigger,
  timerEvent,
} from '../emulator/fc-runtime.ts';
import { listenOn } from '../emulator/http-io.ts';
import type { LocalCloud } from '../emulator/local-cloud.ts';
import { keyHealthFromEnv } from '../functions/key-health/environment.ts';
import { createKeyHealthHandler } from '../functions/key-health/pipeline.ts';
import { provisionFromEnv } from '../functions/provision/environment.ts';
import { createProvisionHandler } from '../functions/provision/pipeline.ts';
import type { FcHandler } from '../shared/fc/context.ts';

/**
 * Both functions on loopback, called the way Function Compute calls them:
 * provisioning behind an HTTP trigger and a queue, key-health on a timer
 * and on every ActionTrail event the local cloud publishes. Key-health
 * runs one at a time, like the deployed function's reserved concurrency 1.
 */
export interface LocalFunctionsOptions {
  /** The queue gateway listens on the next port, so at most 65534. */
  readonly provisionPort: number;
  readonly timerSeconds: number;
}

const FUNCTION_TIMEOUT = { provision: 60, keyHealth: 300 } as const;

export const serveLocalFunctions = async (
  cloud: LocalCloud,
  options: LocalFunctionsOptions,
) => {
  // Each function's configuration is parsed from the environment now, as
  // at a cold start in FC, with the local cloud's clock.
  const provision = createProvisionHandler({
    ...provisionFromEnv(),
    clock: cloud.clock,
  }) as FcHandler<unknown>;
  const keyHealth = createKeyHealthHandler({
    ...keyHealthFromEnv(),
    clock: cloud.clock,
  }) as FcHandler<unknown>;

  const contextFor = (name: string, timeout: number) => () => ({
    // Fresh temporary credentials per invocation, as FC hands out.
    credentials: cloud.control.issueStsToken(DEMO_ACCOUNT_ID, 15 * 60_000),
    functionName: name,
    timeout,
    region: DEMO_REGION,
    accountId: DEMO_ACCOUNT_ID,
  });
  const provisionContext = contextFor(
    'keyguard-provision',
    FUNCTION_TIMEOUT.provision,
  );
  const keyHealthContext = contextFor(
    'keyguard-key-health',
    FUNCTION_TIMEOUT.keyHealth,
  );

  let keyHealthQueue: Promise<unknown> = Promise.resolve();
  const runKeyHealth = (event: unknown): Promise<unknown> => {
    const run = keyHealthQueue.then(() =>
      invokeFunction(keyHealth, event, keyHealthContext()),
    );
    keyHealthQueue = run.catch(() => undefined);
    return run;
  };

  const trigger = await serveHttpTrigger(provision, {
    port: options.provisionPort,
    contextFor: provisionContext,
  });
  // Port 0 asks for any free port, for both.
  const gatewayPort =
    options.provisionPort === 0 ? 0 : options.provisionPort + 1;
  const gateway = await serveGateway(gatewayPort, {
    provision: (event) => invokeFunction(provision, event, provisionContext()),
    'key-health': runKeyHealth,
  });

  const unsubscribe = cloud.events.subscribe((event) => {
    void runKeyHealth(event).catch(() => undefined);
  });
  const timer = setInterval(() => {
    void runKeyHealth(timerEvent('')).catch(() => undefined);
  }, options.timerSeconds * 1000);
  void runKeyHealth(timerEvent('')).catch(() => undefined);

  const provisionUrl = `http://127.0.0.1:${trigger.port}`;
  const gatewayUrl = `http://127.0.0.1:${gateway.port}`;
  return {
    provisionUrl,
    gatewayUrl,
    banner: bannerOf(cloud, provisionUrl, gatewayUrl, options.timerSeconds),
    async close() {
      clearInterval(timer);
      unsubscribe();
      await keyHealthQueue;
      await trigger.close();
      await gateway.close();
    },
  };
};

type Invoker = (event: unknown) => Promise<unknown>;

/**
 * `POST /invoke/{function}` passes the body to the function as its event
 * (FC's direct invoke); `POST /queues/{queue}/messages` wraps the body in
 * the CloudEvent an EventBridge MNS-queue source delivers.
 */
const serveGateway = async (
  port: number,
  functions: Record<string, Invoker>,
) => {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    const reply = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value ?? null));
    };
    const invoke = /^\/invoke\/([a-z-]+)$/.exec(path);
    const queue = /^\/queues\/([A-Za-z0-9-]+)\/messages$/.exec(path);
    const target = invoke?.[1] ?? (queue ? 'provision' : undefined);
    const fn = target === undefined ? undefined : functions[target];
    if (req.method !== 'POST' || fn === undefined) {
      return reply(404, {
        error: 'not_found',
        routes: [
          'POST /invoke/{provision|key-health}',
          'POST /queues/{q}/messages',
        ],
      });
    }
    try {
      const event = queue
        ? mnsQueueEvent(body.toString('utf8'), { queue: queue[1] ?? 'q' })
        : body;
      reply(200, await fn(event));
    } catch (error) {
      // As FC reports a function that threw: the platform would retry.
      reply(502, {
        errorType: (error as Error).name,
        errorMessage: 'the function threw',
      });
    }
  });
  await listenOn(server, port);
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

const bannerOf = (
  cloud: LocalCloud,
  provisionUrl: string,
  gatewayUrl: string,
  timerSeconds: number,
): string =>
  [
    'keyguard local stack is up',
    '',
    `  local cloud      ${cloud.url}  ` +
      `(SLS ${cloud.endpoints.sls}, KMS ${cloud.endpoints.kms})`,
    `  provision        ${provisionUrl}  (FC HTTP trigger: POST /logstores)`,
    `  queue, invoke    ${gatewayUrl}/queues/keyguard-requests/messages, ` +
      `${gatewayUrl}/invoke/{provision|key-health}`,
    `  key-health       every ${timerSeconds} s and on every KMS event`,
    `  webhook sink     ${cloud.url}/_control/sink/messages`,
    '',
    'Try it (see the README for the answers):',
    `  curl -s -XPOST ${provisionUrl}/logstores ` +
      `-H 'content-type: application/json' \\`,
    `    -d '${JSON.stringify(demoRequest())}'`,
    `  curl -s '${cloud.url}/_control/sink/messages?channel=dingtalk'`,
    '',
    'Ctrl-C stops everything.',
  ].join('\n');
