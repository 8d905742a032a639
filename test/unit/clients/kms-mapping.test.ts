import { describe, expect, it } from 'vitest';
import { keyMetadataFromBody } from '../../../shared/kms/describe-key-mapping.ts';

const asked = { keyId: 'key-demo0002', region: 'cn-shanghai' };

describe('keyMetadataFromBody', () => {
  it('maps DescribeKey metadata to our names, in the region asked', () => {
    const body = {
      RequestId: 'r-1',
      KeyMetadata: {
        KeyId: 'key-demo0002',
        Arn: 'acs:kms:cn-shanghai:1111222233334444:key/key-demo0002',
        KeyState: 'PendingDeletion',
        KeySpec: 'Aliyun_SM4',
        KeyUsage: 'ENCRYPT/DECRYPT',
        Origin: 'Aliyun_KMS',
        ProtectionLevel: 'SOFTWARE',
        CreationDate: '2025-01-01T00:00:00Z',
        Description: 'audit key',
        DeleteDate: '2025-01-07T00:00:00Z',
        MaterialExpireTime: '',
        DeletionProtection: 'Disabled',
        DKMSInstanceId: 'kst-hzz1234',
        AutomaticRotation: 'Disabled',
      },
    };

    expect(keyMetadataFromBody(body, asked)).toEqual({
      keyId: 'key-demo0002',
      region: 'cn-shanghai',
      arn: 'acs:kms:cn-shanghai:1111222233334444:key/key-demo0002',
      keyState: 'PendingDeletion',
      keySpec: 'Aliyun_SM4',
      keyUsage: 'ENCRYPT/DECRYPT',
      origin: 'Aliyun_KMS',
      protectionLevel: 'SOFTWARE',
      creationDate: '2025-01-01T00:00:00Z',
      description: 'audit key',
      deleteDate: '2025-01-07T00:00:00Z',
      deletionProtection: false,
      dkmsInstanceId: 'kst-hzz1234',
    });
  });

  it.each([
    ['Enabled', true],
    ['Disabled', false],
    [true, true],
    ['maybe', undefined],
  ])('reads DeletionProtection %s as %s', (wire, expected) => {
    const key = keyMetadataFromBody(
      { KeyMetadata: { KeyState: 'Enabled', DeletionProtection: wire } },
      asked,
    );

    expect(key.deletionProtection).toBe(expected);
  });

  it('keeps an unknown key state as it is', () => {
    const key = keyMetadataFromBody(
      { KeyMetadata: { KeyState: 'Archived' } },
      asked,
    );

    expect(key.keyState).toBe('Archived');
  });

  it.each([
    [{}],
    [{ KeyMetadata: {} }],
    [{ KeyMetadata: { KeyState: '' } }],
    ['not an object'],
  ])('refuses an answer without a key state: %o', (body) => {
    expect(() => keyMetadataFromBody(body, asked)).toThrow(
      expect.objectContaining({ code: 'upstream_error', status: 502 }),
    );
  });
});
