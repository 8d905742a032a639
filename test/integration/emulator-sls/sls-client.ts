import { Config } from '@alicloud/openapi-client';
import SlsSdk from '@alicloud/sls20201230';
import { DEMO_ACCESS_KEY, DEMO_REGION } from '../../../emulator/demo.ts';
import type { LocalCloud } from '../../../emulator/local-cloud.ts';
import { endpointFor } from '../../../shared/endpoints.ts';

/**
 * The unmodified SLS SDK pointed at a local cloud. The tests use the SDK
 * directly (not keyguard's client wrapper) because what is under test is
 * the emulator's fidelity to what the SDK sends and expects.
 */
type SlsClientClass = typeof SlsSdk.default;
// A CommonJS package: Node's loader puts the class under `.default`,
// vitest's interop hands over the class itself.
export const SlsClient: SlsClientClass =
  (SlsSdk as unknown as { default?: SlsClientClass }).default ??
  (SlsSdk as unknown as SlsClientClass);

export interface ClientOptions {
  readonly region?: string;
  readonly accessKeyId?: string;
  readonly accessKeySecret?: string;
  readonly securityToken?: string;
  readonly signatureVersion?: 'v1' | 'v4';
  /** Overrides the `{region}.log.localhost:PORT` endpoint. */
  readonly endpoint?: string;
}

export const slsClient = (
  cloud: LocalCloud,
  options: ClientOptions = {},
): InstanceType<SlsClientClass> => {
  const region = options.region ?? DEMO_REGION;
  return new SlsClient(
    new Config({
      accessKeyId: options.accessKeyId ?? DEMO_ACCESS_KEY.accessKeyId,
      accessKeySecret:
        options.accessKeySecret ?? DEMO_ACCESS_KEY.accessKeySecret,
      ...(options.securityToken === undefined
        ? {}
        : { securityToken: options.securityToken }),
      endpoint: options.endpoint ?? endpointFor(cloud.endpoints.sls, region),
      protocol: 'http',
      regionId: region,
      ...(options.signatureVersion === undefined
        ? {}
        : { signatureVersion: options.signatureVersion }),
    }),
  );
};

export interface SdkFailure {
  readonly code: unknown;
  readonly statusCode: unknown;
  readonly message: string;
  readonly requestId: unknown;
}

/** The error an SDK call raised, in the fields the product reads. */
export const failureOf = async (
  call: Promise<unknown>,
): Promise<SdkFailure> => {
  try {
    await call;
  } catch (error) {
    const raised = error as {
      code?: unknown;
      statusCode?: unknown;
      message?: string;
      data?: { requestId?: unknown };
    };
    return {
      code: raised.code,
      statusCode: raised.statusCode,
      message: raised.message ?? '',
      requestId: raised.data?.requestId,
    };
  }
  throw new Error('the call succeeded where a failure was expected');
};
