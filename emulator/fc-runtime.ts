import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  FcContext,
  FcCredentials,
  FcHandler,
} from '../shared/fc/context.ts';
import { listenOn } from './http-io.ts';

/**
 * Runs our handlers the way Function Compute 3.0 does (platform-facts §4):
 * the event arrives as a Buffer, the context carries temporary credentials
 * and the function's timeout, and an HTTP trigger's request becomes the
 * documented event with Title-Cased header names.
 */
export interface InvokeOptions {
  readonly credentials: FcCredentials;
  readonly functionName?: string;
  /** Seconds. */
  readonly timeout?: number;
  readonly memory?: number;
  readonly region?: string;
  readonly accountId?: string;
  readonly requestId?: string;
}

export const fcContext = (options: InvokeOptions): FcContext => ({
  requestId: options.requestId ?? randomUUID(),
  credentials: options.credentials,
  function: {
    name: options.functionName ?? 'keyguard-function',
    handler: 'index.handler',
    memory: options.memory ?? 512,
    timeout: options.timeout ?? 60,
  },
  region: options.region ?? 'cn-hangzhou',
  accountId: options.accountId ?? '1111222233334444',
});

export const toEventBuffer = (event: unknown): Buffer =>
  Buffer.isBuffer(event)
    ? event
    : Buffer.from(typeof event === 'string' ? event : JSON.stringify(event));

export const invokeFunction = <Result>(
  handler: FcHandler<Result>,
  event: unknown,
  options: InvokeOptions,
): Promise<Result> => handler(toEventBuffer(event), fcContext(options));

const titleCase = (name: string): string =>
  name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('-');

export interface HttpRequestShape {
  readonly method: string;
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  readonly sourceIp?: string;
}

/** The FC 3.0 HTTP trigger event for one request. */
export const httpTriggerEvent = (request: HttpRequestShape) => {
  const now = Date.now();
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    headers[titleCase(name.toLowerCase())] = value;
  }
  const body =
    request.body === undefined
      ? ''
      : Buffer.from(request.body).toString('base64');
  return {
    version: 'v1',
    rawPath: request.path,
    headers,
    queryParameters: request.query ?? {},
    body,
    isBase64Encoded: true,
    requestContext: {
      accountId: '1111222233334444',
      domainName: 'local.fcapp.run',
      domainPrefix: 'local',
      requestId: randomUUID(),
      time: new Date(now).toUTCString(),
      timeEpoch: String(now),
      http: {
        method: request.method,
        path: request.path,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp ?? '127.0.0.1',
        userAgent: request.headers?.['user-agent'] ?? '',
      },
    },
  };
};

/** The CloudEvent an EventBridge MNS-queue source delivers per message. */
export const mnsQueueEvent = (
  messageBody: string,
  options: { messageId?: string; base64?: boolean; queue?: string } = {},
) => ({
  id: randomUUID(),
  source: options.queue ?? 'keyguard-requests',
  specversion: '1.0',
  type: 'mns:Queue:SendMessage',
  subject:
    'acs:mns:cn-hangzhou:1111222233334444:queues/' +
    (options.queue ?? 'keyguard-requests'),
  time: new Date().toISOString(),
  datacontenttype: 'application/json;charset=utf-8',
  aliyunaccountid: '1111222233334444',
  aliyunpublishtime: new Date().toISOString(),
  aliyuneventbusname: 'default',
  aliyunregionid: 'cn-hangzhou',
  data: {
    requestId: randomUUID(),
    messageId:
      options.messageId ?? randomUUID().replaceAll('-', '').toUpperCase(),
    messageBody:
      options.base64 === false
        ? messageBody
        : Buffer.from(messageBody).toString('base64'),
  },
});

/** The timer trigger's event: `payload` is always a string. */
export const timerEvent = (payload: string, triggerName = 'every-10m') => ({
  triggerTime: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
  triggerName,
  payload,
});

interface HttpAnswer {
  readonly statusCode?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
}

/**
 * Serves a handler on a local port as an FC HTTP trigger would: each real
 * request becomes an HTTP trigger event; the handler's answer goes back.
 */
export const serveHttpTrigger = async (
  handler: FcHandler<unknown>,
  options: {
    readonly port?: number;
    readonly contextFor: () => InvokeOptions;
  },
): Promise<{ port: number; close(): Promise<void> }> => {
  const server = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const url = new URL(req.url ?? '/', 'http://local');
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) {
          headers[name] = Array.isArray(value) ? value.join(',') : value;
        }
      }
      const event = httpTriggerEvent({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        body: Buffer.concat(chunks),
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
      });
      const answer = (await invokeFunction(
        handler,
        event,
        options.contextFor(),
      )) as HttpAnswer;
      const body =
        answer.body === undefined
          ? Buffer.alloc(0)
          : Buffer.from(
              answer.body,
              answer.isBase64Encoded ? 'base64' : 'utf8',
            );
      res.writeHead(answer.statusCode ?? 200, answer.headers ?? {});
      res.end(body);
    } catch (error) {
      // FC answers a handler that throws with 502 and its own error body.
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          errorMessage: 'the function failed',
          errorType: (error as Error).name,
        }),
      );
    }
  });
  await listenOn(server, options.port ?? 0);
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
