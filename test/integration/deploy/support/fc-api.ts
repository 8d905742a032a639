import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ACS3_ALGORITHM,
  parseAcs3Authorization,
  verifyAcs3Signature,
} from '../../../../emulator/kms/signature-acs3.ts';

/**
 * A stand-in for FC 3.0's InvokeFunction API on a local port, so the CLI's
 * `invoke` is tested through the real @alicloud/fc20230330 SDK over real
 * HTTP. It checks what FC checks first (the path, the action and version
 * headers, an ACS3 signature by a known key) and answers the way FC does:
 * 200 with the handler's result, `x-fc-error-type` when the handler
 * threw, 202 for an asynchronous call, FC's JSON error otherwise.
 */
export type StandInHandler = (payload: Buffer) => Promise<unknown>;

export interface FcInvocationRecord {
  readonly functionName: string;
  readonly invocationType: string;
  readonly payload: string;
  readonly accessKeyId: string;
}

export interface FcApiStandIn {
  readonly port: number;
  /** What `keyguard invoke --endpoint` takes. */
  readonly endpoint: string;
  readonly invocations: FcInvocationRecord[];
  /** Settles when every asynchronous invocation so far has run. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

const PATH = /^\/2023-03-30\/functions\/([^/]+)\/invocations$/;

const readBody = async (req: http.IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);

  return Buffer.concat(chunks);
};

const fcError = (
  res: http.ServerResponse,
  status: number,
  code: string,
  message: string,
): void => {
  const requestId = randomUUID();
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-fc-request-id': requestId,
  });
  res.end(
    JSON.stringify({ Code: code, Message: message, RequestId: requestId }),
  );
};

const resultBody = (result: unknown): string =>
  typeof result === 'string' ? result : JSON.stringify(result ?? null);

/** An error answer FC gives of its own accord, e.g. a signature refusal. */
export interface FcRefusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

export const startFcApi = async (options: {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly functions: Readonly<Record<string, StandInHandler>>;
  /** Answers every call with this error, given the request's headers. */
  readonly refuse?: (headers: Readonly<Record<string, string>>) => FcRefusal;
}): Promise<FcApiStandIn> => {
  const invocations: FcInvocationRecord[] = [];
  const pending = new Set<Promise<unknown>>();

  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fc');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers[name.toLowerCase()] = value;
    }
    const match = PATH.exec(url.pathname);
    if (req.method !== 'POST' || match?.[1] === undefined) {
      return fcError(res, 404, 'PathNotSupported', 'no such API path');
    }
    if (
      headers['x-acs-action'] !== 'InvokeFunction' ||
      headers['x-acs-version'] !== '2023-03-30'
    ) {
      return fcError(
        res,
        400,
        'InvalidAction',
        'not InvokeFunction 2023-03-30',
      );
    }
    if (options.refuse !== undefined) {
      const { status, code, message } = options.refuse(headers);
      return fcError(res, status, code, message);
    }
    const auth = parseAcs3Authorization(headers.authorization ?? '');
    const signed =
      auth !== undefined &&
      auth.algorithm === ACS3_ALGORITHM &&
      auth.accessKeyId === options.accessKeyId &&
      verifyAcs3Signature(
        {
          method: 'POST',
          path: url.pathname,
          query: Object.fromEntries(url.searchParams),
          headers,
          signedHeaders: auth.signedHeaders,
          body,
        },
        options.accessKeySecret,
        auth.signature,
      );
    if (!signed) {
      return fcError(res, 403, 'InvalidSignature', 'signature mismatch');
    }
    const functionName = decodeURIComponent(match[1]);
    const handler = options.functions[functionName];
    if (handler === undefined) {
      return fcError(res, 404, 'FunctionNotFound', `${functionName} not found`);
    }
    const invocationType = headers['x-fc-invocation-type'] ?? 'Sync';
    invocations.push({
      functionName,
      invocationType,
      payload: body.toString('utf8'),
      accessKeyId: auth.accessKeyId,
    });
    const requestId = randomUUID();
    if (invocationType === 'Async') {
      const run = handler(body).catch(() => undefined);
      pending.add(run);
      void run.finally(() => pending.delete(run));
      res.writeHead(202, { 'x-fc-request-id': requestId });
      return res.end();
    }
    try {
      const result = await handler(body);
      res.writeHead(200, { 'x-fc-request-id': requestId });
      res.end(resultBody(result));
    } catch (error) {
      res.writeHead(200, {
        'content-type': 'application/json',
        'x-fc-request-id': requestId,
        'x-fc-error-type': 'UnhandledInvocationError',
      });
      res.end(
        JSON.stringify({
          errorMessage: (error as Error).message,
          errorType: (error as Error).name,
        }),
      );
    }
  });
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;

  return {
    port,
    endpoint: `127.0.0.1:${port}`,
    invocations,
    drain: async () => {
      await Promise.all([...pending]);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
