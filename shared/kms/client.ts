import OpenApiSdk, {
  Config,
  OpenApiRequest,
  Params,
} from '@alicloud/openapi-client';
import type { Credentials } from '../credentials.ts';
import type { Deadline } from '../deadline.ts';
import { type EndpointSet, endpointFor } from '../endpoints.ts';
import { deadlineExceeded } from '../vendor-error.ts';
import { keyMetadataFromBody } from './describe-key-mapping.ts';
import { type KmsCall, mapKmsError } from './errors.ts';
import type { KmsApi } from './key-metadata.ts';

/**
 * The one module that talks to KMS. DescribeKey goes through the generic
 * OpenAPI client rather than @alicloud/kms20160120, whose 1.2.0 response
 * model drops DeletionProtection and DKMSInstanceId (platform-facts §3).
 * The call is signed with the RPC HMAC-SHA1 scheme (`signatureAlgorithm:
 * 'v2'`), the same wire the KMS SDK sends.
 */

/** What this module calls; the RAM policy must allow `kms:` each one. */
export const KMS_OPERATIONS = ['DescribeKey'] as const;

export type KmsOperation = (typeof KMS_OPERATIONS)[number];

export const KMS_API_VERSION = '2016-01-20';

export interface KmsClientOptions {
  readonly credentials: Credentials;
  readonly endpoints: EndpointSet;
  /** The key's own region: a key is only known to its region's KMS. */
  readonly region: string;
  readonly timeoutMs: number;
  /** When given, no call starts after it, nor runs past it. */
  readonly deadline?: Deadline;
}

type OpenApiClientClass = typeof OpenApiSdk.default;
// A CommonJS package: Node's ESM loader (and an esbuild bundle) put the
// class under `.default`; vitest's interop hands over the class itself.
const OpenApiClient: OpenApiClientClass =
  (OpenApiSdk as unknown as { default?: OpenApiClientClass }).default ??
  (OpenApiSdk as unknown as OpenApiClientClass);
type OpenApiClientInstance = InstanceType<OpenApiClientClass>;
type RuntimeOptions = Parameters<OpenApiClientInstance['callApi']>[2];

const sdkClient = (options: KmsClientOptions): OpenApiClientInstance => {
  const { credentials, endpoints, region, timeoutMs } = options;
  const config = new Config({
    accessKeyId: credentials.accessKeyId,
    accessKeySecret: credentials.accessKeySecret,
    endpoint: endpointFor(endpoints.kms, region),
    regionId: region,
    protocol: endpoints.protocol,
    signatureAlgorithm: 'v2',
    readTimeout: timeoutMs,
    connectTimeout: timeoutMs,
  });
  if (credentials.securityToken !== undefined) {
    config.securityToken = credentials.securityToken;
  }

  return new OpenApiClient(config);
};

export const createKmsApi = (options: KmsClientOptions): KmsApi => {
  const client = sdkClient(options);
  const { region } = options;
  const params = (action: KmsOperation): Params =>
    new Params({
      action,
      version: KMS_API_VERSION,
      protocol: options.endpoints.protocol.toUpperCase(),
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      pathname: '/',
      reqBodyType: 'formData',
      bodyType: 'json',
    });

  // The client reads only these fields of its runtime options; leaving
  // `autoretry` unset keeps the SDK from retrying on its own.
  const runtimeFor = (call: KmsCall): RuntimeOptions => {
    const deadline = options.deadline;
    if (deadline === undefined) return {} as RuntimeOptions;
    const ms = deadline.child(options.timeoutMs).remainingMs();
    if (ms <= 0) {
      const { operation, ...context } = call;
      throw deadlineExceeded({ service: 'kms', operation, context });
    }

    return { readTimeout: ms, connectTimeout: ms } as RuntimeOptions;
  };

  return {
    describeKey: async (keyId) => {
      const call: KmsCall = { operation: 'DescribeKey', keyId, region };
      let body: unknown;
      try {
        const answer = await client.callApi(
          params('DescribeKey'),
          new OpenApiRequest({ query: { KeyId: keyId } }),
          runtimeFor(call),
        );
        body = answer.body;
      } catch (error) {
        throw mapKmsError(error, call);
      }

      return keyMetadataFromBody(body, { keyId, region });
    },
  };
};

/**
 * One KmsApi per region, built on first use: key-health asks each key's
 * own region (a key asked in another region answers
 * Forbidden.KeyNotFound, which would read as "deleted").
 */
export const kmsApiPerRegion = (
  options: Omit<KmsClientOptions, 'region'>,
): ((region: string) => KmsApi) => {
  const apis = new Map<string, KmsApi>();

  return (region) => {
    let api = apis.get(region);
    if (api === undefined) {
      api = createKmsApi({ ...options, region });
      apis.set(region, api);
    }

    return api;
  };
};
