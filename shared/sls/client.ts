import { Config } from '@alicloud/openapi-client';
import SlsSdk, {
  ListLogStoresRequest,
  ListProjectRequest,
} from '@alicloud/sls20201230';
import type { Credentials } from '../credentials.ts';
import type { Deadline } from '../deadline.ts';
import { type EndpointSet, endpointFor } from '../endpoints.ts';
import { isKeyguardError, KeyguardError } from '../errors.ts';
import { deadlineExceeded, parseRetryAfter, token } from '../vendor-error.ts';
import { mapSlsError, type SlsCall } from './errors.ts';
import type { Logstore, Page, ProjectInfo, SlsApi } from './logstore.ts';
import {
  logstoreFromSdk,
  projectFromSdk,
  toCreateLogStoreRequest,
} from './logstore-mapping.ts';

/**
 * The one module that talks to @alicloud/sls20201230. Everything above it
 * sees keyguard's SlsApi and KeyguardErrors only.
 */

/** What this module calls; the RAM policy must allow `log:` each one. */
export const SLS_OPERATIONS = [
  'GetProject',
  'GetLogStore',
  'CreateLogStore',
  'ListProject',
  'ListLogStores',
] as const;

export type SlsOperation = (typeof SLS_OPERATIONS)[number];

export interface SlsClientOptions {
  readonly credentials: Credentials;
  readonly endpoints: EndpointSet;
  /** The region whose SLS endpoint is used (the projects' region). */
  readonly region: string;
  /** Connect and read timeout of each call. */
  readonly timeoutMs: number;
  /** When given, no call starts after it, nor runs past it. */
  readonly deadline?: Deadline;
}

type SlsClientClass = typeof SlsSdk.default;
// A CommonJS package: Node's ESM loader (and an esbuild bundle) put the
// class under `.default`; vitest's interop hands over the class itself.
const SlsClient: SlsClientClass =
  (SlsSdk as unknown as { default?: SlsClientClass }).default ??
  (SlsSdk as unknown as SlsClientClass);
type SlsClientInstance = InstanceType<SlsClientClass>;
type RuntimeOptions = Parameters<SlsClientInstance['getProjectWithOptions']>[2];

/**
 * SLS may send Retry-After with 429/503, but gateway-sls builds its error
 * from the body alone. Its response hook still sees the headers, so the
 * hook is wrapped to put the value on the error, where the error mapping
 * reads it (the same `retryAfter` field, in ms, as the Tea core's own),
 * and the status on an error whose body was not JSON.
 */
const keepRetryAfter = (client: SlsClientInstance): void => {
  const gateway = client._spi;
  const modifyResponse = gateway.modifyResponse.bind(gateway);
  gateway.modifyResponse = async (context, attributes) => {
    try {
      await modifyResponse(context, attributes);
    } catch (error) {
      const headers = context.response?.headers ?? {};
      const retryAfterMs = parseRetryAfter(headers['retry-after']);
      if (retryAfterMs !== undefined && typeof error === 'object' && error) {
        Object.assign(error, { retryAfter: retryAfterMs });
      }
      // A body that is not JSON surfaces as a bare SyntaxError with no
      // status; keep the status so a gateway's HTML 503 is retried.
      const status = context.response?.statusCode;
      if (error instanceof SyntaxError && typeof status === 'number') {
        Object.assign(error, { statusCode: status });
      }
      throw error;
    }
  };
};

const sdkClient = (options: SlsClientOptions): SlsClientInstance => {
  const { credentials, endpoints, region, timeoutMs } = options;
  const config = new Config({
    accessKeyId: credentials.accessKeyId,
    accessKeySecret: credentials.accessKeySecret,
    endpoint: endpointFor(endpoints.sls, region),
    regionId: region,
    protocol: endpoints.protocol,
    readTimeout: timeoutMs,
    connectTimeout: timeoutMs,
    // No retryOptions: retries are withRetry's job, within the deadline.
    // No keepAlive: setting it makes the SDK open a socket per request.
  });
  if (credentials.securityToken !== undefined) {
    config.securityToken = credentials.securityToken;
  }
  const client = new SlsClient(config);
  keepRetryAfter(client);

  return client;
};

/** A 200 whose body is not what the operation answers. */
const unusableAnswer = (
  call: SlsCall,
  headers: Readonly<Record<string, string>> | undefined,
): KeyguardError => {
  const { operation, ...context } = call;
  const requestId = token(headers?.['x-log-requestid']);
  return new KeyguardError(`SLS ${operation} answered with an unusable body`, {
    code: 'upstream_error',
    status: 502,
    context: {
      service: 'sls',
      operation,
      ...context,
      vendorStatus: 200,
      ...(requestId === undefined ? {} : { requestId }),
    },
  });
};

export const createSlsApi = (options: SlsClientOptions): SlsApi => {
  const client = sdkClient(options);

  // The SDK reads only these fields of its runtime options; the Tea model
  // class adds nothing the request path uses.
  const runtimeFor = (call: SlsCall): RuntimeOptions => {
    const deadline = options.deadline;
    if (deadline === undefined) return {} as RuntimeOptions;
    const ms = deadline.child(options.timeoutMs).remainingMs();
    if (ms <= 0) {
      const { operation, ...context } = call;
      throw deadlineExceeded({ service: 'sls', operation, context });
    }

    return { readTimeout: ms, connectTimeout: ms } as RuntimeOptions;
  };

  const run = async <T>(
    call: SlsCall,
    send: (runtime: RuntimeOptions) => Promise<T>,
  ): Promise<T> => {
    try {
      return await send(runtimeFor(call));
    } catch (error) {
      throw mapSlsError(error, call);
    }
  };

  /** Undefined when SLS says the thing does not exist. */
  const orMissing = async <T>(
    missing: string,
    request: Promise<T>,
  ): Promise<T | undefined> => {
    try {
      return await request;
    } catch (error) {
      if (isKeyguardError(error) && error.code === missing) return undefined;
      throw error;
    }
  };

  return {
    getProject: (project) =>
      orMissing(
        'project_not_found',
        run({ operation: 'GetProject', project }, async (runtime) => {
          const answer = await client.getProjectWithOptions(
            project,
            {},
            runtime,
          );
          return projectFromSdk(answer.body ?? {});
        }),
      ),

    getLogstore: (project, logstore) =>
      orMissing(
        'logstore_not_found',
        run(
          { operation: 'GetLogStore', project, logstore },
          async (runtime): Promise<Logstore> => {
            const answer = await client.getLogStoreWithOptions(
              project,
              logstore,
              {},
              runtime,
            );
            const body = answer.body;
            // The SDK casts any JSON object (even `[]`) into an empty
            // model and numbers into strings; an answer that does not
            // name the Logstore asked for describes nothing we can judge.
            if (body?.logstoreName !== logstore) {
              throw unusableAnswer(
                { operation: 'GetLogStore', project, logstore },
                answer.headers,
              );
            }
            return logstoreFromSdk(project, body);
          },
        ),
      ),

    createLogstore: (project, spec) =>
      run(
        {
          operation: 'CreateLogStore',
          project,
          logstore: spec.logstoreName,
        },
        async (runtime) => {
          await client.createLogStoreWithOptions(
            project,
            toCreateLogStoreRequest(spec),
            {},
            runtime,
          );
        },
      ),

    listProjects: (offset, size) =>
      run(
        { operation: 'ListProject' },
        async (runtime): Promise<Page<ProjectInfo>> => {
          const answer = await client.listProjectWithOptions(
            new ListProjectRequest({ offset, size }),
            {},
            runtime,
          );
          const projects = answer.body?.projects ?? [];
          return {
            total: answer.body?.total ?? projects.length,
            items: projects.map(projectFromSdk),
          };
        },
      ),

    listLogstores: (project, offset, size) =>
      run(
        { operation: 'ListLogStores', project },
        async (runtime): Promise<Page<string>> => {
          const answer = await client.listLogStoresWithOptions(
            project,
            new ListLogStoresRequest({ offset, size }),
            {},
            runtime,
          );
          const names = answer.body?.logstores ?? [];
          return { total: answer.body?.total ?? names.length, items: names };
        },
      ),
  };
};
