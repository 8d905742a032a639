import { describe, expect, it } from 'vitest';
import { fcCallError } from '../../../cli/fc-error.ts';

/**
 * The SDK's failures, shaped as httpx and the Tea SDK raise them, each
 * with a canary in its own text that must not reach keyguard's message.
 */
const CANARY = 'CANARY-d41d8cd98f00b204';
const call = {
  endpoint: '1111222233334444.cn-hangzhou.fc.aliyuncs.com',
  functionName: 'keyguard-key-health',
};

const sdkError = (fields: Record<string, unknown>, base = new Error()) => {
  base.message = `${CANARY} POST https://x/?Signature=${CANARY} failed.`;

  return Object.assign(base, fields);
};

describe('FC call errors', () => {
  it.each([
    [
      'an error answer',
      sdkError({
        code: 'AccessDenied',
        statusCode: 403,
        data: { Code: 'AccessDenied', Message: CANARY, RequestId: 'r-1' },
      }),
      'AccessDenied: FC answered 403 for keyguard-key-health, request r-1;' +
        ' the credentials may not invoke keyguard-key-health' +
        ' (fc:InvokeFunction)',
    ],
    [
      'an error answer without a code',
      sdkError({ code: 'undefined', statusCode: 404, data: {} }),
      `FC at ${call.endpoint} answered 404 for keyguard-key-health with no` +
        " error code; is --endpoint FC's?",
    ],
    [
      'a timeout',
      sdkError({ name: 'RequestTimeoutError' }),
      `FC at ${call.endpoint} did not answer in time`,
    ],
    [
      'an unknown host',
      sdkError({ code: 'ENOTFOUND' }),
      `cannot reach FC at ${call.endpoint} (ENOTFOUND)`,
    ],
    [
      'an error body that is not JSON',
      sdkError({}, new SyntaxError()),
      `FC at ${call.endpoint} answered with something other than JSON`,
    ],
    [
      'anything else',
      sdkError({ code: 'EWEIRD' }),
      `the call to FC at ${call.endpoint} failed (EWEIRD)`,
    ],
  ])('words %s from codes only', (_, error, expected) => {
    // Act
    const mapped = fcCallError(error, call);

    // Assert
    expect(mapped.message).toBe(expected);
    expect(JSON.stringify(mapped.context)).not.toContain(CANARY);
    expect(mapped.cause).toBeUndefined();
  });

  it.each(['ETIMEDOUT', 'CERT_HAS_EXPIRED'])(
    'says FC cannot be reached for %s',
    (code) => {
      // Act
      const mapped = fcCallError(sdkError({ code }), call);

      // Assert
      expect(mapped.code).toBe('connection_failed');
      expect(mapped.message).toBe(
        `cannot reach FC at ${call.endpoint} (${code})`,
      );
    },
  );
});
