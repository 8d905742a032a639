import OpenApiSdk, {
  Config,
  OpenApiRequest,
  Params,
} from '@alicloud/openapi-client';
import SlsSdk, {
  CreateLogStoreRequest,
  EncryptConf,
  EncryptUserCmkConf,
} from '@alicloud/sls20201230';
import { DEMO_ACCESS_KEY } from '../emulator/demo.ts';

/**
 * The provisioning baseline: the same four calls keyguard makes for a new
 * BYOK Logstore (read, DescribeKey, create, read back), sent bare with the
 * SDKs, with clients built once and nothing else around them.
 */
type SlsClass = typeof SlsSdk.default;
type OpenApiClass = typeof OpenApiSdk.default;
// CommonJS packages: Node's ESM loader puts the class under `.default`.
const SlsClient: SlsClass =
  (SlsSdk as unknown as { default?: SlsClass }).default ??
  (SlsSdk as unknown as SlsClass);
const OpenApiClient: OpenApiClass =
  (OpenApiSdk as unknown as { default?: OpenApiClass }).default ??
  (OpenApiSdk as unknown as OpenApiClass);
type RuntimeOptions = Parameters<InstanceType<OpenApiClass>['callApi']>[2];

export interface BareRequest {
  readonly project: string;
  readonly logstoreName: string;
  readonly keyId: string;
  readonly roleArn: string;
  readonly region: string;
}

export interface BareClients {
  provision(request: BareRequest): Promise<void>;
}

const notFound = (error: unknown): boolean =>
  (error as { code?: string }).code === 'LogStoreNotExist';

export const bareClients = (port: number, region: string): BareClients => {
  const sls = new SlsClient(
    new Config({
      ...DEMO_ACCESS_KEY,
      endpoint: `${region}.log.localhost:${port}`,
      regionId: region,
      protocol: 'http',
    }),
  );
  const kms = new OpenApiClient(
    new Config({
      ...DEMO_ACCESS_KEY,
      endpoint: `kms.${region}.localhost:${port}`,
      regionId: region,
      protocol: 'http',
      signatureAlgorithm: 'v2',
    }),
  );
  const describeKey = new Params({
    action: 'DescribeKey',
    version: '2016-01-20',
    protocol: 'HTTP',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    pathname: '/',
    reqBodyType: 'formData',
    bodyType: 'json',
  });

  return {
    async provision(request) {
      try {
        await sls.getLogStore(request.project, request.logstoreName);
        throw new Error(`${request.logstoreName} already exists`);
      } catch (error) {
        if (!notFound(error)) throw error;
      }
      await kms.callApi(
        describeKey,
        new OpenApiRequest({ query: { KeyId: request.keyId } }),
        {} as RuntimeOptions,
      );
      await sls.createLogStore(
        request.project,
        new CreateLogStoreRequest({
          logstoreName: request.logstoreName,
          ttl: 30,
          shardCount: 2,
          encryptConf: new EncryptConf({
            enable: true,
            encryptType: 'default',
            userCmkInfo: new EncryptUserCmkConf({
              cmkKeyId: request.keyId,
              arn: request.roleArn,
              regionId: request.region,
            }),
          }),
        }),
      );
      await sls.getLogStore(request.project, request.logstoreName);
    },
  };
};
