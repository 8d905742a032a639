import { describe, expect, it } from 'vitest';
import {
  checkPolicy,
  resolveRequest,
} from '../../../shared/provision/policy.ts';
import type { ProvisionRequest } from '../../../shared/provision/request.ts';
import { ACCOUNT, byokRequest, openPolicy, ROLE } from './fakes.ts';

const request = (overrides: Record<string, unknown> = {}) =>
  byokRequest(overrides) as ProvisionRequest;

const resolved = (
  input: ProvisionRequest,
  policy = openPolicy(),
  region = 'cn-hangzhou',
) => {
  const result = resolveRequest(input, policy, region);
  if (!result.ok) throw new Error('expected the request to resolve');
  return result.request;
};

const serviceKey = { enable: true, encrypt_type: 'default' };

describe('resolveRequest', () => {
  it("defaults the region to the function's own", () => {
    expect(resolved(request(), openPolicy(), 'cn-shanghai').region).toBe(
      'cn-shanghai',
    );
  });

  it('refuses a request without encrypt_conf when no default is configured', () => {
    const { encrypt_conf: _, ...bare } = request();

    const result = resolveRequest(bare, openPolicy(), 'cn-hangzhou');

    expect(result).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({ path: 'encrypt_conf', rule: 'required' }),
      ],
    });
  });

  it('applies the default key and role, in the project region', () => {
    const { encrypt_conf: _, ...bare } = request({ region: 'cn-shanghai' });
    const policy = openPolicy({
      defaultEncryption: {
        encryptType: 'aes_gcm',
        cmkKeyId: 'key-default',
        roleArn: ROLE,
      },
    });

    expect(resolved(bare, policy).encrypt_conf).toEqual({
      enable: true,
      encrypt_type: 'aes_gcm',
      user_cmk_info: {
        cmk_key_id: 'key-default',
        arn: ROLE,
        region_id: 'cn-shanghai',
      },
    });
  });

  it('applies a service-key default with no user_cmk_info key at all', () => {
    const { encrypt_conf: _, ...bare } = request();
    const policy = openPolicy({ defaultEncryption: { encryptType: 'm4' } });

    expect(resolved(bare, policy).encrypt_conf).toStrictEqual({
      enable: true,
      encrypt_type: 'm4',
    });
  });
});

describe('checkPolicy', () => {
  const rules = (input: ProvisionRequest, policy = openPolicy()) =>
    checkPolicy(resolved(input, policy), policy, ACCOUNT).map((e) => e.rule);

  it('passes a request inside every rule', () => {
    expect(rules(request())).toEqual([]);
  });

  it('refuses a project outside the allowed patterns', () => {
    const policy = openPolicy({ allowedProjects: ['team-*', 'audit-?'] });

    expect(rules(request(), policy)).toEqual(['allowed_projects']);
    expect(rules(request({ project: 'team-a' }), policy)).toEqual([]);
    expect(rules(request({ project: 'audit-1' }), policy)).toEqual([]);
  });

  it('names the variable, never the allowed project and region patterns', () => {
    const policy = openPolicy({
      allowedProjects: ['secret-team-*'],
      allowedRegions: ['cn-wulanchabu'],
    });

    const errors = checkPolicy(resolved(request()), policy, ACCOUNT);

    expect(errors.map((e) => e.message)).toEqual([
      expect.stringContaining('PROVISION_ALLOWED_PROJECTS'),
      expect.stringContaining('PROVISION_ALLOWED_REGIONS'),
    ]);
    const text = JSON.stringify(errors);
    expect(text).not.toContain('secret-team');
    expect(text).not.toContain('wulanchabu');
  });

  it('refuses a region outside the allowed patterns', () => {
    const policy = openPolicy({ allowedRegions: ['cn-hangzhou'] });

    expect(rules(request({ region: 'cn-beijing' }), policy)).toEqual([
      'allowed_regions',
    ]);
  });

  it('refuses a role of another account by default', () => {
    const input = request({
      encrypt_conf: {
        enable: true,
        encrypt_type: 'sm4_gcm',
        user_cmk_info: {
          cmk_key_id: 'key-demo0001',
          arn: 'acs:ram::9999888877776666:role/sls-byok-demo',
          region_id: 'cn-hangzhou',
        },
      },
    });

    const errors = checkPolicy(resolved(input), openPolicy(), ACCOUNT);

    expect(errors).toEqual([
      expect.objectContaining({
        path: 'encrypt_conf.user_cmk_info.arn',
        rule: 'allowed_role_arns',
      }),
    ]);
    // The allowed roles name the account: the answer points at the
    // setting instead of quoting it.
    expect(errors[0]?.message).toContain('PROVISION_ALLOWED_ROLE_ARNS');
    expect(errors[0]?.message).not.toContain(ACCOUNT);
  });

  it('refuses the service key when BYOK is required', () => {
    const policy = openPolicy({ allowServiceKey: false });

    expect(rules(request({ encrypt_conf: serviceKey }), policy)).toEqual([
      'byok_required',
    ]);
  });

  it('refuses an encrypt_type the policy does not allow', () => {
    const policy = openPolicy({ allowedEncryptTypes: ['aes_gcm'] });

    expect(rules(request(), policy)).toEqual(['allowed_encrypt_types']);
  });

  it('names every broken rule at once', () => {
    const policy = openPolicy({
      allowedProjects: ['x-*'],
      allowedRegions: ['cn-beijing'],
      allowServiceKey: false,
    });

    expect(rules(request({ encrypt_conf: serviceKey }), policy)).toEqual([
      'allowed_projects',
      'allowed_regions',
      'byok_required',
    ]);
  });
});
