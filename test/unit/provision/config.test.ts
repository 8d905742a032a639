import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/config/common.ts';
import {
  PROVISION_DEFAULTS,
  PROVISION_ENV,
  parseProvisionConfig,
  parseProvisionSettings,
} from '../../../shared/config/provision.ts';
import { ENCRYPT_TYPES } from '../../../shared/encrypt-types.ts';

const SECRET = `whsec_${Buffer.from('a-signing-secret-of-32-bytes!!!!').toString('base64')}`;

const failure = (env: Record<string, string>) => {
  try {
    parseProvisionSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('provisioning configuration', () => {
  it('documents every variable it reads', () => {
    expect(PROVISION_ENV).toHaveLength(12);
    expect(PROVISION_ENV.every((name) => name.startsWith('PROVISION_'))).toBe(
      true,
    );
  });

  it('has safe defaults: BYOK only, roles of the own account, 30 days', () => {
    const settings = parseProvisionSettings({});

    expect(settings.policy).toEqual({
      allowedProjects: ['*'],
      allowedRegions: ['*'],
      allowedRoleArns: PROVISION_DEFAULTS.allowedRoleArns,
      allowServiceKey: false,
      allowedEncryptTypes: ENCRYPT_TYPES,
    });
    expect(settings.keyRules).toEqual({
      materialExpiryDays: 30,
      requireDeletionProtection: false,
    });
    expect(settings.webhookSecrets).toEqual([]);
  });

  it('reads lists, flags and a default key', () => {
    const settings = parseProvisionSettings({
      PROVISION_ALLOWED_PROJECTS: 'team-*, audit-*',
      PROVISION_ALLOWED_ENCRYPT_TYPES: 'sm4_gcm aes_gcm',
      PROVISION_ALLOW_SERVICE_KEY: 'true',
      PROVISION_DEFAULT_CMK_KEY_ID: 'key-demo0001',
      PROVISION_DEFAULT_ROLE_ARN: 'acs:ram::1111222233334444:role/sls-byok',
      PROVISION_DEFAULT_ENCRYPT_TYPE: 'sm4_gcm',
      PROVISION_MATERIAL_EXPIRY_DAYS: '14',
      PROVISION_REQUIRE_DELETION_PROTECTION: 'true',
      PROVISION_WEBHOOK_SECRETS: SECRET,
    });

    expect(settings.policy.allowedProjects).toEqual(['team-*', 'audit-*']);
    expect(settings.policy.allowedEncryptTypes).toEqual(['sm4_gcm', 'aes_gcm']);
    expect(settings.policy.defaultEncryption).toEqual({
      encryptType: 'sm4_gcm',
      cmkKeyId: 'key-demo0001',
      roleArn: 'acs:ram::1111222233334444:role/sls-byok',
    });
    expect(settings.keyRules).toEqual({
      materialExpiryDays: 14,
      requireDeletionProtection: true,
    });
    expect(settings.webhookSecrets).toEqual([SECRET]);
  });

  it.each([
    ['PROVISION_ALLOW_SERVICE_KEY', 'yes'],
    ['PROVISION_ALLOWED_ENCRYPT_TYPES', 'sm4'],
    ['PROVISION_MATERIAL_EXPIRY_DAYS', '-3'],
    ['PROVISION_DEFAULT_ROLE_ARN', 'role/x'],
    ['PROVISION_DEFAULT_KEY_REGION', 'Hangzhou'],
  ])('fails the start naming %s for %j', (variable, value) => {
    const error = failure({ [variable]: value });

    expect(error.message).toContain(variable);
  });

  it('names a bad webhook secret without echoing it', () => {
    const error = failure({
      PROVISION_WEBHOOK_SECRETS: 'hunter2-plain-secret',
    });

    expect(error.message).toContain('PROVISION_WEBHOOK_SECRETS');
    expect(error.message).not.toContain('hunter2');
  });

  it('names the position of a bad list item, without echoing it', () => {
    const types = failure({ PROVISION_ALLOWED_ENCRYPT_TYPES: 'sm4_gcm,rot13' });
    const secrets = failure({
      PROVISION_WEBHOOK_SECRETS: `${SECRET},hunter2-plain-secret`,
    });

    expect(types.message).toContain('PROVISION_ALLOWED_ENCRYPT_TYPES 1 must');
    expect(types.message).not.toContain('rot13');
    expect(secrets.message).toContain('PROVISION_WEBHOOK_SECRETS 1 must');
    expect(secrets.message).not.toContain('hunter2');
  });

  it('refuses a default key without a role, and a default outside policy', () => {
    expect(
      failure({ PROVISION_DEFAULT_CMK_KEY_ID: 'key-demo0002' }).message,
    ).toContain('PROVISION_DEFAULT_ROLE_ARN');
    expect(
      failure({ PROVISION_DEFAULT_ENCRYPT_TYPE: 'default' }).message,
    ).toContain('PROVISION_ALLOW_SERVICE_KEY');
    expect(
      failure({
        PROVISION_ALLOW_SERVICE_KEY: 'true',
        PROVISION_DEFAULT_ENCRYPT_TYPE: 'm4',
        PROVISION_ALLOWED_ENCRYPT_TYPES: 'default',
      }).message,
    ).toContain('PROVISION_DEFAULT_ENCRYPT_TYPE');
  });

  it('refuses a default key given as an alias, naming the variable', () => {
    const error = failure({
      PROVISION_DEFAULT_CMK_KEY_ID: 'alias/logs',
      PROVISION_DEFAULT_ROLE_ARN: 'acs:ram::1111222233334444:role/sls-byok',
    });

    expect(error.message).toContain('PROVISION_DEFAULT_CMK_KEY_ID');
    expect(error.message).toContain('not an alias or a key ARN');
  });

  it('refuses a default role that the allowed roles would refuse', () => {
    const error = failure({
      PROVISION_DEFAULT_CMK_KEY_ID: 'key-demo0002',
      PROVISION_DEFAULT_ROLE_ARN: 'acs:ram::1111222233334444:role/other-role',
      PROVISION_ALLOWED_ROLE_ARNS: 'acs:ram::{accountId}:role/sls-byok-*',
    });

    expect(error.message).toContain('PROVISION_DEFAULT_ROLE_ARN');
    expect(error.message).toContain('PROVISION_ALLOWED_ROLE_ARNS');
    expect(error.message).not.toContain('other-role');
    expect(error.message).not.toContain('sls-byok');
  });

  it('takes a default role the allowed roles match, in its own account', () => {
    const settings = parseProvisionSettings({
      PROVISION_DEFAULT_CMK_KEY_ID: 'key-demo0002',
      PROVISION_DEFAULT_ROLE_ARN: 'acs:ram::1111222233334444:role/sls-byok-a',
      PROVISION_ALLOWED_ROLE_ARNS: 'acs:ram::{accountId}:role/sls-byok-*',
    });

    expect(settings.policy.defaultEncryption?.roleArn).toContain('sls-byok-a');
  });

  it('combines with the common settings', () => {
    const config = parseProvisionConfig({
      KEYGUARD_MODE: 'local',
      KEYGUARD_LOCAL_PORT: '4510',
    });

    expect(config.common.region).toBe('cn-hangzhou');
    expect(config.policy.allowServiceKey).toBe(false);
  });
});
