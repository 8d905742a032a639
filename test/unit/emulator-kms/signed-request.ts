import { createHash, randomUUID } from 'node:crypto';
import OpenApiUtil from '@alicloud/openapi-util';
import { Request as TeaRequest } from '@alicloud/tea-typescript';
import { DEMO_ACCESS_KEY, DEMO_REGION } from '../../../emulator/demo.ts';
import type { EmulatorRequest } from '../../../emulator/types.ts';

/**
 * Builds EmulatorRequests signed by the SDKs' own signing code
 * (@alicloud/openapi-util: getRPCSignature, getAuthorization), so the unit
 * tests check the service against what the SDKs compute, never against
 * our own signer. Integration tests go through the real clients.
 */
// Node hands a CommonJS default over wrapped, vitest unwrapped: take both.
const util = (OpenApiUtil.default ?? OpenApiUtil) as typeof OpenApiUtil.default;

export interface SignedCall {
  readonly action: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly region?: string;
  readonly accessKeyId?: string;
  readonly accessKeySecret?: string;
  readonly securityToken?: string;
  /** Default: now. */
  readonly timestamp?: Date;
  readonly nonce?: string;
  /** Real time of arrival; default Date.now(). */
  readonly receivedAt?: number;
}

let sequence = 0;

const isoSeconds = (date: Date): string =>
  date.toISOString().replace(/\.\d{3}Z$/, 'Z');

const base = (call: SignedCall, region: string) => ({
  method: 'POST',
  path: '/',
  host: { service: 'kms' as const, region },
  receivedAt: call.receivedAt ?? Date.now(),
  requestId: `req-unit-${++sequence}`,
});

/** As the KMS SDK and openapi-client `signatureAlgorithm: 'v2'` send. */
export const rpcRequest = (call: SignedCall): EmulatorRequest => {
  const region = call.region ?? DEMO_REGION;
  const query: Record<string, string> = {
    Action: call.action,
    Format: 'json',
    Version: '2016-01-20',
    Timestamp: isoSeconds(call.timestamp ?? new Date()),
    SignatureNonce: call.nonce ?? randomUUID(),
    ...call.params,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    AccessKeyId: call.accessKeyId ?? DEMO_ACCESS_KEY.accessKeyId,
  };
  if (call.securityToken !== undefined) {
    query.SecurityToken = call.securityToken;
  }
  query.Signature = util.getRPCSignature(
    query,
    'POST',
    call.accessKeySecret ?? DEMO_ACCESS_KEY.accessKeySecret,
  );
  return {
    ...base(call, region),
    query,
    rawQuery: new URLSearchParams(query).toString(),
    headers: {
      host: `kms.${region}.localhost:8080`,
      'x-acs-action': call.action,
      'x-acs-version': '2016-01-20',
    },
    body: Buffer.alloc(0),
  };
};

/** As openapi-client's callApi sends by default (ACS3-HMAC-SHA256). */
export const acs3Request = (
  call: SignedCall & { readonly form?: Readonly<Record<string, string>> },
): EmulatorRequest => {
  const region = call.region ?? DEMO_REGION;
  const body = Buffer.from(
    call.form === undefined ? '' : new URLSearchParams(call.form).toString(),
  );
  const tea = new TeaRequest();
  tea.method = 'POST';
  tea.pathname = '/';
  tea.query = { ...call.params };
  tea.headers = {
    host: `kms.${region}.localhost:8080`,
    'x-acs-version': '2016-01-20',
    'x-acs-action': call.action,
    'x-acs-date': isoSeconds(call.timestamp ?? new Date()),
    'x-acs-signature-nonce': call.nonce ?? randomUUID(),
    accept: 'application/json',
    'x-acs-content-sha256': createHash('sha256').update(body).digest('hex'),
    ...(call.form === undefined
      ? {}
      : { 'content-type': 'application/x-www-form-urlencoded' }),
  };
  const accessKeyId = call.accessKeyId ?? DEMO_ACCESS_KEY.accessKeyId;
  if (call.securityToken !== undefined) {
    tea.headers['x-acs-accesskey-id'] = accessKeyId;
    tea.headers['x-acs-security-token'] = call.securityToken;
  }
  tea.headers.authorization = util.getAuthorization(
    tea,
    'ACS3-HMAC-SHA256',
    tea.headers['x-acs-content-sha256'] ?? '',
    accessKeyId,
    call.accessKeySecret ?? DEMO_ACCESS_KEY.accessKeySecret,
  );
  return {
    ...base(call, region),
    query: { ...call.params },
    rawQuery: new URLSearchParams(call.params).toString(),
    headers: { ...tea.headers },
    body,
  };
};
