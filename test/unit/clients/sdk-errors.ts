import { newError } from '@alicloud/tea-typescript';

/**
 * Errors shaped exactly as the SDKs raise them, built with the SDKs' own
 * constructor (tea-typescript's newError) and field layout, read from
 * node_modules: @alicloud/gateway-sls modifyResponse (SLS),
 * @alicloud/openapi-client doRPCRequest (generic KMS call),
 * @alicloud/rpc-client (the KMS SDK), httpx (timeouts, sockets).
 */

// A URL such as the SDK appends to network errors: query with secrets.
export const SIGNED_URL =
  'http://kms.cn-hangzhou.localhost:9000/?Action=DescribeKey' +
  '&AccessKeyId=STS.leakyid&SecurityToken=leaky-token-value' +
  '&Signature=leaky%2Bsignature';

export const slsError = (
  status: number,
  errorCode: string | undefined,
  errorMessage = 'message from SLS',
): Error =>
  newError({
    code: errorCode,
    message: errorMessage,
    accessDeniedDetail: undefined,
    data: {
      httpCode: status,
      requestId: '6620F0A1B2C3D4E5F6070809',
      statusCode: status,
    },
  });

export const kmsGenericError = (
  status: number,
  body: { Code: string; Message?: string },
): Error => {
  const data: Record<string, unknown> = {
    RequestId: 'b0a3e1a2-0000-4000-8000-000000000001',
    HostId: 'kms.cn-hangzhou.aliyuncs.com',
    ...body,
    statusCode: status,
  };
  return newError({
    code: `${body.Code}`,
    message: `code: ${status}, ${body.Message ?? ''} request id: ${data.RequestId}`,
    data,
    description: 'undefined',
    accessDeniedDetail: undefined,
  });
};

export const kmsSdkError = (
  status: number,
  body: { Code: string; Message?: string },
): Error =>
  newError({
    code: `${body.Code}Error`,
    message: `code: ${status}, ${body.Message ?? ''} requestid: r-1`,
    data: { RequestId: 'r-1', HostId: 'kms', ...body },
  });

export const readTimeout = (): Error => {
  const error = new Error();
  error.name = 'RequestTimeoutError';
  error.message = `ReadTimeout(3000). POST ${SIGNED_URL} failed.`;
  return error;
};

export const connectTimeout = (): Error => {
  const error = new Error();
  error.name = 'RequestTimeoutError';
  error.message = `ConnectTimeout: Connect ${SIGNED_URL} failed.`;
  return error;
};

export const socketError = (code: string, message: string): Error =>
  Object.assign(new Error(`${message}POST ${SIGNED_URL} failed.`), {
    code,
    syscall: 'read',
  });

export const notJson = (): SyntaxError => {
  try {
    JSON.parse('<html>502 Bad Gateway</html>');
  } catch (error) {
    if (error instanceof SyntaxError) return error;
  }
  throw new Error('JSON.parse accepted HTML');
};
