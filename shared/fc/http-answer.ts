/**
 * The answer an HTTP trigger sends back (platform-facts §4). Every answer
 * is JSON and carries the invocation's request id; errors carry a stable
 * `code` and nothing internal (no stack, host, ARN or account id).
 */
export interface HttpReply {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface FcHttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly isBase64Encoded: false;
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export const toFcHttpResponse = (reply: HttpReply): FcHttpResponse => ({
  statusCode: reply.status,
  headers: { 'content-type': JSON_CONTENT_TYPE, ...reply.headers },
  body: JSON.stringify(reply.body),
  isBase64Encoded: false,
});

export const isHttpReply = (value: unknown): value is HttpReply =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as HttpReply).status === 'number' &&
  typeof (value as HttpReply).body === 'object';

/**
 * HEAD is answered as GET with the body left out (RFC 9110 §9.3.2): the
 * status and headers say all a HEAD asks for.
 */
export const forMethod = (
  response: FcHttpResponse,
  method: string,
): FcHttpResponse => (method === 'HEAD' ? { ...response, body: '' } : response);

/** The answer as FC takes it, whether or not `fcAnswers` shaped it yet. */
export const asFcHttpResponse = (
  value: unknown,
): FcHttpResponse | undefined => {
  if (isHttpReply(value)) return toFcHttpResponse(value);
  const shaped = value as FcHttpResponse | null | undefined;
  return typeof shaped?.statusCode === 'number' &&
    typeof shaped.body === 'string'
    ? shaped
    : undefined;
};

/** An error answer built from a code only. */
export const errorReply = (
  status: number,
  requestId: string,
  fields: {
    readonly outcome: string;
    readonly code: string;
    readonly message: string;
  },
  headers?: Readonly<Record<string, string>>,
): HttpReply => ({
  status,
  body: { requestId, ...fields },
  ...(headers === undefined ? {} : { headers }),
});

/** What any unexpected failure answers: the code and the request id. */
export const internalErrorReply = (requestId: string): HttpReply =>
  errorReply(500, requestId, {
    outcome: 'failed',
    code: 'internal_error',
    message: 'an unexpected error occurred; the request id finds it in the log',
  });
