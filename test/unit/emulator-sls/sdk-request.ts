import gatewayModule from '@alicloud/gateway-sls';
import { AccountRegistry } from '../../../emulator/accounts.ts';
import { createEmulatorClock } from '../../../emulator/clock.ts';
import {
  DEMO_ACCESS_KEY,
  DEMO_ACCOUNT_ID,
  DEMO_REGION,
} from '../../../emulator/demo.ts';
import type { SlsServiceDeps } from '../../../emulator/sls/service.ts';
import type { EmulatorRequest } from '../../../emulator/types.ts';
import { seededRandom } from '../../../shared/clock.ts';

/**
 * Builds EmulatorRequests the way @alicloud/sls20201230 does, by running
 * the SDK's own gateway (`modifyRequest`) over the request: the headers,
 * the date, the body digest and the signature are the SDK's, never ours.
 * Unit tests of the SLS service use it; integration tests go through the
 * real client over HTTP.
 */
export interface SdkCall {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** As the SDK's operation declares it, e.g. `/logstores/x?type=log`. */
  readonly pathname: string;
  readonly project?: string;
  readonly region?: string;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  readonly signatureVersion?: 'v1' | 'v4';
  readonly accessKeyId?: string;
  readonly accessKeySecret?: string;
  readonly securityToken?: string;
}

// A CommonJS module: Node's ESM loader hands over `exports` (class under
// `.default`), vitest's interop the class itself.
type GatewayClass = typeof gatewayModule.default;
const SlsGateway: GatewayClass =
  (gatewayModule as unknown as { default?: GatewayClass }).default ??
  (gatewayModule as unknown as GatewayClass);
const gateway = new SlsGateway();
let sequence = 0;

export const sdkRequest = async (call: SdkCall): Promise<EmulatorRequest> => {
  const region = call.region ?? DEMO_REGION;
  const request = {
    headers: {} as Record<string, string>,
    query: { ...call.query } as Record<string, string>,
    body: call.body,
    hostMap: call.project === undefined ? {} : { project: call.project },
    pathname: call.pathname,
    method: call.method,
    action: 'Test',
    reqBodyType: 'json',
    bodyType: 'json',
    signatureVersion: call.signatureVersion ?? 'v1',
    userAgent: 'keyguard-test',
    credential: {
      getCredential: async () => ({
        accessKeyId: call.accessKeyId ?? DEMO_ACCESS_KEY.accessKeyId,
        accessKeySecret:
          call.accessKeySecret ?? DEMO_ACCESS_KEY.accessKeySecret,
        securityToken: call.securityToken ?? '',
      }),
    },
  };
  const context = {
    request,
    configuration: { endpoint: `${region}.log.localhost:1`, regionId: region },
  };
  await gateway.modifyRequest(context as never, {} as never);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = String(value);
  }
  const body =
    call.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(JSON.stringify(call.body));
  const query = Object.fromEntries(
    Object.entries(request.query).map(([k, v]) => [k, v ?? '']),
  );
  return {
    method: call.method,
    path: request.pathname,
    query,
    rawQuery: new URLSearchParams(query).toString(),
    headers,
    body,
    host: {
      service: 'sls',
      region,
      ...(call.project === undefined ? {} : { project: call.project }),
    },
    receivedAt: Date.now(),
    requestId: `REQ${++sequence}`,
  };
};

/** Service dependencies with the demo account and a table of key states. */
export const testDeps = () => {
  const clock = createEmulatorClock();
  const random = seededRandom(7);
  const accounts = new AccountRegistry(clock, random);
  accounts.seed({ accountId: DEMO_ACCOUNT_ID, accessKeys: [DEMO_ACCESS_KEY] });
  const keyStates = new Map<string, string>();
  const deps: SlsServiceDeps = {
    clock,
    random,
    accounts,
    events: { publish: () => undefined },
    defaultRegion: DEMO_REGION,
    keyStateOf: (accountId, keyRegion, keyId) =>
      keyStates.get(`${accountId}/${keyRegion}/${keyId}`),
  };
  return { deps, clock, accounts, keyStates };
};
