import { Readable } from 'node:stream';
import fcModule, {
  InvokeFunctionHeaders,
  InvokeFunctionRequest,
} from '@alicloud/fc20230330';
import type { Credentials } from '../shared/credentials.ts';
import { fcCallError } from './fc-error.ts';

/**
 * The one FC 3.0 API call the CLI makes: InvokeFunction, through
 * `@alicloud/fc20230330`. (`@alicloud/fc2` speaks the 2016 API, which its
 * vendor marks not recommended and which predates FC 3.0's functions
 * without services.) SDK types stay in this file.
 */
export interface InvokeTarget {
  /** Host and optional port, such as
   * `1111222233334444.cn-hangzhou.fc.aliyuncs.com`. */
  readonly endpoint: string;
  readonly protocol: 'http' | 'https';
  readonly region: string;
  readonly credentials: Credentials;
}

export interface InvokeCall {
  readonly functionName: string;
  readonly payload: Buffer;
  readonly async: boolean;
  readonly qualifier?: string;
  /** Ask FC for the tail of the function's log (synchronous calls only). */
  readonly tailLog: boolean;
  /** How long to wait for FC's answer, in milliseconds. */
  readonly timeoutMs: number;
}

export interface InvokeOutcome {
  readonly status: number;
  readonly requestId?: string;
  readonly body: Buffer;
  /** FC's `x-fc-error-type`: the handler threw or timed out. */
  readonly errorType?: string;
  /** Decoded `x-fc-log-result`, when asked for. */
  readonly log?: string;
}

/** FC 3.0's API host: the account and region are part of it. */
export const fcEndpoint = (accountId: string, region: string): string =>
  `${accountId}.${region}.fc.aliyuncs.com`;

type FcClientClass = typeof fcModule.default;
// A CommonJS package: Node's ESM loader (and an esbuild bundle) hand over
// `module.exports`, whose `default` is the class; vitest hands over the
// class itself.
const FcClient: FcClientClass =
  (fcModule as unknown as { default?: FcClientClass }).default ??
  (fcModule as unknown as FcClientClass);
type FcClient = InstanceType<typeof FcClient>;
type ClientConfig = ConstructorParameters<typeof FcClient>[0];
type Runtime = Parameters<FcClient['invokeFunctionWithOptions']>[3];

const readAll = async (body: Readable | undefined): Promise<Buffer> => {
  if (body === undefined) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));

  return Buffer.concat(chunks);
};

const header = (
  headers: Readonly<Record<string, string>> | undefined,
  name: string,
): string | undefined => {
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === name) return value;
  }

  return undefined;
};

export const invokeFunction = async (
  target: InvokeTarget,
  call: InvokeCall,
): Promise<InvokeOutcome> => {
  // The SDK reads its config and runtime options as plain fields; the
  // classes only add defaults, so plain objects keep this file free of
  // the SDK's transitive packages. Without a read timeout the SDK gives
  // up after a few seconds, long before a synchronous scan answers. The
  // connect timeout must be as long: httpx hands it to Node as the
  // socket's idle timeout, which also runs while FC is still working.
  const timeouts = {
    readTimeout: call.timeoutMs,
    connectTimeout: call.timeoutMs,
  };
  const client = new FcClient({
    ...timeouts,
    accessKeyId: target.credentials.accessKeyId,
    accessKeySecret: target.credentials.accessKeySecret,
    securityToken: target.credentials.securityToken,
    endpoint: target.endpoint,
    protocol: target.protocol,
    regionId: target.region,
  } as unknown as ClientConfig);
  const request = new InvokeFunctionRequest({
    body: Readable.from([call.payload]),
    ...(call.qualifier === undefined ? {} : { qualifier: call.qualifier }),
  });
  const headers = new InvokeFunctionHeaders({
    xFcInvocationType: call.async ? 'Async' : 'Sync',
    ...(call.tailLog && !call.async ? { xFcLogType: 'Tail' } : {}),
  });
  const fcCall = {
    endpoint: target.endpoint,
    functionName: call.functionName,
    timeoutMs: call.timeoutMs,
  };
  let response: Awaited<ReturnType<FcClient['invokeFunctionWithOptions']>>;
  let body: Buffer;
  try {
    response = await client.invokeFunctionWithOptions(
      call.functionName,
      request,
      headers,
      timeouts as Runtime,
    );
    body = await readAll(response.body);
  } catch (error) {
    // Never rethrown as is: the SDK's text may hold the URL or what FC
    // signed (fc-error.ts).
    throw fcCallError(error, fcCall);
  }
  const errorType = header(response.headers, 'x-fc-error-type');
  const requestId = header(response.headers, 'x-fc-request-id');
  const logResult = header(response.headers, 'x-fc-log-result');

  return {
    status: response.statusCode ?? 0,
    body,
    ...(requestId === undefined ? {} : { requestId }),
    ...(errorType === undefined ? {} : { errorType }),
    ...(logResult === undefined
      ? {}
      : { log: Buffer.from(logResult, 'base64').toString('utf8') }),
  };
};
