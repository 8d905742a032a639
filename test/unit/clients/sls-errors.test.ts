import { describe, expect, it } from 'vitest';
import { KeyguardError, TransientError } from '../../../shared/errors.ts';
import { mapSlsError } from '../../../shared/sls/errors.ts';
import {
  connectTimeout,
  notJson,
  readTimeout,
  SIGNED_URL,
  slsError,
  socketError,
} from './sdk-errors.ts';

const create = {
  operation: 'CreateLogStore',
  project: 'demo-proj',
  logstore: 'app-audit',
};

describe('mapSlsError', () => {
  it.each([
    [404, 'ProjectNotExist', 'project_not_found', 404],
    [404, 'LogStoreNotExist', 'logstore_not_found', 404],
    [400, 'LogStoreAlreadyExist', 'logstore_exists', 409],
    [401, 'Unauthorized', 'access_denied', 502],
    [401, 'SignatureNotMatch', 'access_denied', 502],
    [403, 'SomeNewDenial', 'access_denied', 502],
    [400, 'RequestTimeExpired', 'upstream_error', 502],
    [404, 'SomethingElse', 'upstream_error', 502],
  ])('maps %i %s to %s', (status, code, expected, answer) => {
    const mapped = mapSlsError(slsError(status, code), create);

    expect(mapped).toBeInstanceOf(KeyguardError);
    expect(mapped.code).toBe(expected);
    expect(mapped.status).toBe(answer);
    expect(mapped.retryable).toBe(false);
    expect(mapped.context).toMatchObject({
      service: 'sls',
      operation: 'CreateLogStore',
      vendorCode: code,
      vendorStatus: status,
      requestId: '6620F0A1B2C3D4E5F6070809',
      project: 'demo-proj',
      logstore: 'app-audit',
    });
  });

  it.each([
    [400, 'LogStoreInfoInvalid'],
    [400, 'ParameterInvalid'],
    [400, 'PostBodyInvalid'],
    [400, 'ProjectQuotaExceed'],
    [400, 'ShardQuotaExceed'],
  ])('passes SLS own code and message on for %i %s', (status, code) => {
    const mapped = mapSlsError(
      slsError(status, code, 'logstore count exceeds the quota'),
      create,
    );

    expect(mapped.code).toBe('sls_rejected');
    expect(mapped.status).toBe(400);
    expect(mapped.context).toMatchObject({
      slsCode: code,
      slsMessage: 'logstore count exceeds the quota',
    });
  });

  it.each([
    [429, 'ServerBusy'],
    [503, 'ServerBusy'],
    [429, 'SomeFutureThrottle'],
    // Rate quotas of a project or shard: they pass within seconds.
    [403, 'ReadQuotaExceed'],
    [403, 'WriteQuotaExceed'],
    [403, 'ShardReadQuotaExceed'],
    [403, 'ShardWriteQuotaExceed'],
  ])('treats %i %s as throttling, to be retried', (status, code) => {
    const mapped = mapSlsError(slsError(status, code), create);

    expect(mapped).toBeInstanceOf(TransientError);
    expect(mapped.code).toBe('throttled');
    expect(mapped.retryable).toBe(true);
  });

  it('keeps a Retry-After the client attached', () => {
    const error = Object.assign(slsError(429, 'ServerBusy'), {
      retryAfter: 2_000,
    });

    const mapped = mapSlsError(error, create) as TransientError;

    expect(mapped.retryAfterMs).toBe(2_000);
  });

  it('treats a 5xx as unavailable, to be retried', () => {
    const mapped = mapSlsError(slsError(500, 'InternalServerError'), create);

    expect(mapped.code).toBe('upstream_unavailable');
    expect(mapped.retryable).toBe(true);
  });

  it.each([
    ['read', readTimeout()],
    ['connect', connectTimeout()],
  ])('maps a %s timeout to timeout', (_kind, error) => {
    const mapped = mapSlsError(error, create);

    expect(mapped.code).toBe('timeout');
    expect(mapped.retryable).toBe(true);
  });

  it.each([
    ['ECONNRESET', 'socket hang up'],
    ['ECONNRESET', 'read ECONNRESET'],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9'],
    ['CERT_HAS_EXPIRED', 'certificate has expired'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first cert'],
  ])('maps %s (%s) to connection_failed', (code, message) => {
    const mapped = mapSlsError(socketError(code, message), create);

    expect(mapped.code).toBe('connection_failed');
    expect(mapped.retryable).toBe(true);
    expect(mapped.context.networkCode).toBe(code);
  });

  it('retries an error body that is not JSON unless its status refuses', () => {
    const page = mapSlsError(notJson(), create);
    const gateway = mapSlsError(
      Object.assign(notJson(), { statusCode: 504 }),
      create,
    );
    const refusal = mapSlsError(
      Object.assign(notJson(), { statusCode: 403 }),
      create,
    );

    expect([page.code, page.retryable]).toEqual(['upstream_unavailable', true]);
    expect([gateway.code, gateway.retryable]).toEqual([
      'upstream_unavailable',
      true,
    ]);
    expect([refusal.code, refusal.retryable]).toEqual([
      'upstream_error',
      false,
    ]);
  });

  it('maps anything unknown to upstream_error', () => {
    expect(mapSlsError(new TypeError('x is undefined'), create).code).toBe(
      'upstream_error',
    );
    expect(mapSlsError('a string', create).code).toBe('upstream_error');
  });

  it('passes a KeyguardError through unchanged', () => {
    const own = new KeyguardError('mine', { code: 'mine', status: 400 });

    expect(mapSlsError(own, create)).toBe(own);
  });

  it('copies nothing of the request URL into message or context', () => {
    for (const error of [
      readTimeout(),
      connectTimeout(),
      socketError('ECONNRESET', 'socket hang up'),
    ]) {
      const mapped = mapSlsError(error, create);
      const shown = `${mapped.message} ${JSON.stringify(mapped.context)}`;

      expect(shown).not.toContain('leaky');
      expect(shown).not.toContain(SIGNED_URL);
      expect(mapped.cause).toBeUndefined();
    }
  });
});
