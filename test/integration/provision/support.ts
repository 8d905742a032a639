import { DEMO_ACCOUNT_ID } from '../../../emulator/demo.ts';
import {
  httpTriggerEvent,
  type InvokeOptions,
  invokeFunction,
} from '../../../emulator/fc-runtime.ts';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
import { vendorClients } from '../../../functions/provision/clients.ts';
import type { MakeClients } from '../../../functions/provision/invocation.ts';
import { createProvisionHandler } from '../../../functions/provision/pipeline.ts';
import { type Clock, seededRandom } from '../../../shared/clock.ts';
import { parseProvisionConfig } from '../../../shared/config/provision.ts';
import type { FcHandler } from '../../../shared/fc/context.ts';
import { createLogger, memoryDestination } from '../../../shared/logging.ts';

/**
 * The provisioning function wired to a local cloud through the real SDKs,
 * invoked the way FC invokes it: a Buffer event and a context carrying a
 * fresh STS token per invocation.
 */
export const ROLE = `acs:ram::${DEMO_ACCOUNT_ID}:role/sls-byok-demo`;

export const p1Request = (overrides: Record<string, unknown> = {}) => ({
  project: 'demo-proj',
  logstoreName: 'app-audit',
  shardCount: 2,
  ttl: 30,
  encrypt_conf: {
    enable: true,
    encrypt_type: 'sm4_gcm',
    user_cmk_info: {
      cmk_key_id: 'key-demo0001',
      arn: ROLE,
      region_id: 'cn-hangzhou',
    },
  },
  ...overrides,
});

export const serviceKeyRequest = (overrides: Record<string, unknown> = {}) =>
  p1Request({
    encrypt_conf: { enable: true, encrypt_type: 'default' },
    ...overrides,
  });

export interface Harness {
  readonly handler: FcHandler<unknown>;
  readonly lines: ReturnType<typeof memoryDestination>;
  invoke(event: unknown, options?: Partial<InvokeOptions>): Promise<unknown>;
  post(
    body: unknown,
    headers?: Record<string, string>,
    options?: Partial<InvokeOptions>,
  ): Promise<HttpResult>;
  http(
    method: string,
    path: string,
    body?: string | Buffer,
    headers?: Record<string, string>,
  ): Promise<HttpResult>;
}

export interface HttpResult {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** Parsed; `{}` when the answer has no body (HEAD). */
  readonly body: Record<string, unknown>;
  readonly rawBody: string;
}

export const startCloud = (): Promise<LocalCloud> =>
  startLocalCloud({ port: 0, randomSeed: 7 });

export const harness = (
  cloud: LocalCloud,
  env: Record<string, string> = {},
  options: {
    readonly wrapClients?: (make: MakeClients) => MakeClients;
    readonly timeout?: number;
    /** Webhook signature time; real time by default, as in FC. */
    readonly wallClock?: Clock;
  } = {},
): Harness => {
  const config = parseProvisionConfig({
    KEYGUARD_MODE: 'local',
    KEYGUARD_LOCAL_PORT: String(cloud.port),
    KEYGUARD_CALL_TIMEOUT_MS: '1500',
    ...env,
  });
  const lines = memoryDestination();
  const real = vendorClients(config.common);
  const handler = createProvisionHandler({
    config,
    clock: cloud.clock,
    random: seededRandom(3),
    logger: createLogger({ destination: lines }),
    makeClients: options.wrapClients?.(real) ?? real,
    ...(options.wallClock === undefined
      ? {}
      : { wallClock: options.wallClock }),
  });
  const context = (overrides: Partial<InvokeOptions> = {}): InvokeOptions => ({
    credentials: cloud.control.issueStsToken(DEMO_ACCOUNT_ID, 900_000),
    functionName: 'keyguard-provision',
    timeout: options.timeout ?? 20,
    ...overrides,
  });
  const invoke = (event: unknown, overrides?: Partial<InvokeOptions>) =>
    invokeFunction(handler, event, context(overrides));
  const http = async (
    method: string,
    path: string,
    body?: string | Buffer,
    headers: Record<string, string> = {},
    overrides?: Partial<InvokeOptions>,
  ): Promise<HttpResult> => {
    const event = httpTriggerEvent({
      method,
      path,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const answer = (await invoke(event, overrides)) as {
      statusCode: number;
      headers: Record<string, string>;
      body: string;
    };
    return {
      status: answer.statusCode,
      headers: answer.headers,
      body:
        answer.body === ''
          ? {}
          : (JSON.parse(answer.body) as Record<string, unknown>),
      rawBody: answer.body,
    };
  };
  return {
    handler,
    lines,
    invoke,
    http,
    post: (body, headers = {}, overrides) =>
      http(
        'POST',
        '/logstores',
        typeof body === 'string' ? body : JSON.stringify(body),
        { 'content-type': 'application/json', ...headers },
        overrides,
      ),
  };
};

/** What SLS received for each CreateLogStore, parsed. */
export const createBodies = (cloud: LocalCloud) =>
  cloud.control
    .requests({ service: 'sls', operation: 'CreateLogStore' })
    .map((entry) => JSON.parse(entry.body) as Record<string, unknown>);

export const slsCalls = (cloud: LocalCloud) =>
  cloud.control.requests({ service: 'sls' }).length;

/** The Logstores the local cloud holds in a project, with their fields. */
export const storedLogstores = (cloud: LocalCloud, project = 'demo-proj') =>
  cloud.sls.snapshot().logstores.filter((l) => l.project === project);

/** Calls that would change an existing Logstore: keyguard makes none. */
export const mutatingCalls = (cloud: LocalCloud) =>
  cloud.control
    .requests({ service: 'sls' })
    .filter((entry) =>
      ['UpdateLogStore', 'UpdateLogStoreEncryption', 'DeleteLogStore'].includes(
        entry.operation,
      ),
    );
