import OpenApiUtil from '@alicloud/openapi-util';
import { Request as TeaRequest } from '@alicloud/tea-typescript';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentEncode } from '../../../emulator/kms/percent-encode.ts';
import {
  acs3CanonicalRequest,
  acs3Signature,
  parseAcs3Authorization,
  sha256Hex,
} from '../../../emulator/kms/signature-acs3.ts';
import {
  rpcSignature,
  rpcStringToSign,
} from '../../../emulator/kms/signature-rpc.ts';

// Node hands a CommonJS default over wrapped, vitest unwrapped: take both.
const util = (OpenApiUtil.default ?? OpenApiUtil) as typeof OpenApiUtil.default;

const paramName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9.]{0,15}$/);
const params = fc.dictionary(paramName, fc.string({ maxLength: 30 }), {
  minKeys: 1,
  maxKeys: 8,
  noNullPrototype: true,
});
const secret = fc.string({ minLength: 1, maxLength: 40 });

describe('the RPC signature', () => {
  it('matches the SDK signer for any parameters and secret', () => {
    fc.assert(
      fc.property(params, secret, (values, key) => {
        const expected = util.getRPCSignature(values, 'POST', key);

        const actual = rpcSignature(key, rpcStringToSign('POST', values));

        expect(actual).toBe(expected);
      }),
    );
  });

  it('leaves the Signature parameter itself out of the string to sign', () => {
    const without = rpcStringToSign('POST', { A: '1' });

    const withSignature = rpcStringToSign('POST', { A: '1', Signature: 'x' });

    expect(withSignature).toBe(without);
  });

  it("percent-encodes !'()* and spaces as RFC 3986 asks", () => {
    expect(percentEncode("a b!'()*~")).toBe('a%20b%21%27%28%29%2A~');
  });
});

describe('the ACS3-HMAC-SHA256 signature', () => {
  it('matches the SDK signer for any query values', () => {
    fc.assert(
      fc.property(params, secret, (query, key) => {
        const tea = new TeaRequest();
        tea.method = 'POST';
        tea.pathname = '/';
        tea.query = query;
        tea.headers = {
          host: 'kms.cn-hangzhou.localhost:1',
          'x-acs-action': 'DescribeKey',
          'x-acs-date': '2025-01-01T00:00:00Z',
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        };
        const expected = parseAcs3Authorization(
          util.getAuthorization(
            tea,
            'ACS3-HMAC-SHA256',
            sha256Hex(''),
            'AKID',
            key,
          ),
        );

        const actual = acs3Signature(
          key,
          acs3CanonicalRequest({
            method: 'POST',
            path: '/',
            query,
            headers: tea.headers,
            signedHeaders: expected?.signedHeaders ?? [],
            body: Buffer.alloc(0),
          }),
        );

        expect(actual).toBe(expected?.signature);
      }),
    );
  });

  it('reads the key id, signed headers and signature of the header', () => {
    const parsed = parseAcs3Authorization(
      'ACS3-HMAC-SHA256 Credential=AKID,SignedHeaders=host;x-acs-date,' +
        'Signature=ABCDEF01',
    );

    expect(parsed).toEqual({
      algorithm: 'ACS3-HMAC-SHA256',
      accessKeyId: 'AKID',
      signedHeaders: ['host', 'x-acs-date'],
      signature: 'abcdef01',
    });
  });

  it('does not read a header without a signature', () => {
    expect(
      parseAcs3Authorization('ACS3-HMAC-SHA256 Credential=AKID'),
    ).toBeUndefined();
  });
});
