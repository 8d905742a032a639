import KmsSdk from '@alicloud/kms20160120';
import OpenApi, {
  Config,
  OpenApiRequest,
  Params,
} from '@alicloud/openapi-client';
import { Config as RpcConfig } from '@alicloud/rpc-client';
import { RuntimeOptions } from '@alicloud/tea-util';
import { DEMO_ACCESS_KEY, DEMO_REGION } from '../../../emulator/demo.ts';
import type { LocalCloud } from '../../../emulator/local-cloud.ts';

/**
 * The two unmodified clients keyguard's KMS calls go through: the KMS SDK
 * (RPC, HMAC-SHA1) and openapi-client's generic callApi, signing with
 * ACS3-HMAC-SHA256 by default or RPC HMAC-SHA1 with `v2`.
 */
// Node hands a CommonJS default over wrapped, vitest unwrapped: take both.
const KmsClient = (KmsSdk.default ?? KmsSdk) as typeof KmsSdk.default;
const OpenApiClient = (OpenApi.default ?? OpenApi) as typeof OpenApi.default;

export type KmsSdkClient = InstanceType<typeof KmsClient>;
export type GenericClient = InstanceType<typeof OpenApiClient>;

export interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

export interface ClientOptions {
  readonly region?: string;
  readonly credentials?: Credentials;
}

const endpointOf = (cloud: LocalCloud, region: string) =>
  `kms.${region}.localhost:${cloud.port}`;

export const kmsSdk = (
  cloud: LocalCloud,
  options: ClientOptions = {},
): KmsSdkClient => {
  const region = options.region ?? DEMO_REGION;
  return new KmsClient(
    new RpcConfig({
      ...(options.credentials ?? DEMO_ACCESS_KEY),
      endpoint: endpointOf(cloud, region),
      protocol: 'http',
      regionId: region,
    }),
  );
};

export const genericKms = (
  cloud: LocalCloud,
  options: ClientOptions & { readonly signing: 'acs3' | 'v2' },
): GenericClient => {
  const region = options.region ?? DEMO_REGION;
  return new OpenApiClient(
    new Config({
      ...(options.credentials ?? DEMO_ACCESS_KEY),
      endpoint: endpointOf(cloud, region),
      protocol: 'http',
      regionId: region,
      ...(options.signing === 'v2' ? { signatureAlgorithm: 'v2' } : {}),
    }),
  );
};

/** One KMS action through callApi; returns the parsed JSON body. */
export const callKms = async (
  client: GenericClient,
  action: string,
  query: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> => {
  const params = new Params({
    action,
    version: '2016-01-20',
    protocol: 'HTTP',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
  const answer = await client.callApi(
    params,
    new OpenApiRequest({ query, headers }),
    new RuntimeOptions({}),
  );
  return answer.body as Record<string, unknown>;
};

/** What both clients throw for an error answer. */
export interface SdkError {
  readonly code: string;
  readonly message: string;
  readonly data: Record<string, unknown>;
}

export const failureOf = async (call: Promise<unknown>): Promise<SdkError> => {
  try {
    await call;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the call to fail');
};
