import { describe, expect, it } from 'vitest';
import { TransientError } from '../../../shared/errors.ts';
import { mapKmsError } from '../../../shared/kms/errors.ts';
import {
  kmsGenericError,
  kmsSdkError,
  notJson,
  readTimeout,
  socketError,
} from './sdk-errors.ts';

const describeKey = {
  operation: 'DescribeKey',
  keyId: 'key-demo0002',
  region: 'cn-shanghai',
};

describe('mapKmsError', () => {
  it.each([
    ['the generic call', kmsGenericError],
    ['the KMS SDK, which appends Error to the code', kmsSdkError],
  ])('maps Forbidden.KeyNotFound from %s to key_not_found', (_from, build) => {
    const mapped = mapKmsError(
      build(404, { Code: 'Forbidden.KeyNotFound' }),
      describeKey,
    );

    expect(mapped.code).toBe('key_not_found');
    expect(mapped.status).toBe(404);
    expect(mapped.retryable).toBe(false);
    expect(mapped.context).toMatchObject({
      service: 'kms',
      vendorCode: 'Forbidden.KeyNotFound',
      keyId: 'key-demo0002',
      region: 'cn-shanghai',
    });
  });

  it.each([
    [403, 'Forbidden.NoPermission'],
    [404, 'InvalidAccessKeyId.NotFound'],
    [400, 'SignatureDoesNotMatch'],
    [403, 'Forbidden.SomethingNew'],
  ])('maps %i %s to access_denied naming the vendor code', (status, code) => {
    const mapped = mapKmsError(
      kmsGenericError(status, { Code: code }),
      describeKey,
    );

    expect(mapped.code).toBe('access_denied');
    expect(mapped.status).toBe(502);
    expect(mapped.context).toMatchObject({ service: 'kms', vendorCode: code });
  });

  it('maps Rejected.Throttling to a retryable throttled', () => {
    const mapped = mapKmsError(
      kmsGenericError(429, { Code: 'Rejected.Throttling' }),
      describeKey,
    );

    expect(mapped).toBeInstanceOf(TransientError);
    expect(mapped.code).toBe('throttled');
  });

  it('maps Rejected.Throttling from the KMS SDK without a status', () => {
    const mapped = mapKmsError(
      kmsSdkError(429, { Code: 'Rejected.Throttling' }),
      describeKey,
    );

    expect(mapped.code).toBe('throttled');
  });

  it('maps a 5xx to a retryable upstream_unavailable', () => {
    const mapped = mapKmsError(
      kmsGenericError(503, { Code: 'ServiceUnavailable' }),
      describeKey,
    );

    expect(mapped.code).toBe('upstream_unavailable');
    expect(mapped.retryable).toBe(true);
  });

  it('maps an unexpected 4xx to upstream_error', () => {
    const mapped = mapKmsError(
      kmsGenericError(400, { Code: 'Rejected.Disabled' }),
      describeKey,
    );

    expect(mapped.code).toBe('upstream_error');
    expect(mapped.retryable).toBe(false);
  });

  it('maps timeouts, dropped sockets and non-JSON bodies', () => {
    expect(mapKmsError(readTimeout(), describeKey).code).toBe('timeout');
    expect(
      mapKmsError(socketError('ECONNRESET', 'socket hang up'), describeKey)
        .code,
    ).toBe('connection_failed');
    expect(mapKmsError(notJson(), describeKey).code).toBe(
      'upstream_unavailable',
    );
  });

  it('maps an endpoint whose certificate fails to connection_failed', () => {
    const mapped = mapKmsError(
      socketError('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'),
      describeKey,
    );

    expect(mapped.code).toBe('connection_failed');
    expect(mapped.context.networkCode).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('keeps the token and signature of the URL out of the error', () => {
    const mapped = mapKmsError(
      socketError('ECONNREFUSED', 'connect ECONNREFUSED'),
      describeKey,
    );

    expect(`${mapped.message}${JSON.stringify(mapped.context)}`).not.toMatch(
      /leaky/,
    );
  });
});
