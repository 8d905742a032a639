import { describe, expect, it } from 'vitest';
import { endpointFor, PUBLIC_ENDPOINTS } from '../../../shared/endpoints.ts';
import { KeyguardError } from '../../../shared/errors.ts';

describe('endpointFor', () => {
  it('puts the region into the template', () => {
    expect(endpointFor(PUBLIC_ENDPOINTS.kms, 'cn-shanghai')).toBe(
      'kms.cn-shanghai.aliyuncs.com',
    );
  });

  it('refuses a region that is no region id as a 400, not to retry', () => {
    const thrown = (() => {
      try {
        endpointFor(PUBLIC_ENDPOINTS.kms, 'Cn_Hangzhou');
      } catch (error) {
        return error;
      }
      return undefined;
    })();

    expect(thrown).toBeInstanceOf(KeyguardError);
    expect(thrown).toMatchObject({
      code: 'invalid_region',
      status: 400,
      retryable: false,
      context: { region: 'Cn_Hangzhou' },
    });
  });

  it('refuses a template without {region} as its own error', () => {
    expect(() => endpointFor('kms.aliyuncs.com', 'cn-hangzhou')).toThrow(
      expect.objectContaining({ code: 'invalid_endpoint', status: 500 }),
    );
  });
});
