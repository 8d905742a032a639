import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../../shared/provision/validate.ts';
import { byokRequest } from './fakes.ts';

const errorsOf = (input: unknown) => {
  const result = validateRequest(input);
  if (result.ok) throw new Error('expected the request to be refused');
  return result.errors;
};

const rulesAt = (input: unknown, path: string) =>
  errorsOf(input)
    .filter((e) => e.path === path)
    .map((e) => e.rule);

describe('validateRequest', () => {
  it('accepts the P1 BYOK request as sent', () => {
    const result = validateRequest(byokRequest());

    expect(result).toEqual({ ok: true, request: byokRequest() });
  });

  it('lists each missing field of an empty key block by its path (P2)', () => {
    const input = byokRequest({
      encrypt_conf: {
        enable: true,
        encrypt_type: 'sm4_gcm',
        user_cmk_info: {},
      },
    });

    expect(errorsOf(input).map((e) => [e.path, e.rule])).toEqual([
      ['encrypt_conf.user_cmk_info.cmk_key_id', 'required'],
      ['encrypt_conf.user_cmk_info.arn', 'required'],
      ['encrypt_conf.user_cmk_info.region_id', 'required'],
    ]);
  });

  it('reports an empty arn once, as required, with the allowed shape', () => {
    const input = byokRequest({
      encrypt_conf: {
        enable: true,
        encrypt_type: 'sm4_gcm',
        user_cmk_info: {
          cmk_key_id: 'key-demo0001',
          arn: '',
          region_id: 'cn-hangzhou',
        },
      },
    });

    const errors = errorsOf(input);

    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      path: 'encrypt_conf.user_cmk_info.arn',
      rule: 'required',
    });
    expect(errors[0]?.message).toContain('acs:ram::<account id>:role/<name>');
  });

  const withKeyId = (cmkKeyId: string) =>
    byokRequest({
      encrypt_conf: {
        enable: true,
        encrypt_type: 'sm4_gcm',
        user_cmk_info: {
          cmk_key_id: cmkKeyId,
          arn: 'acs:ram::1111222233334444:role/sls-byok-demo',
          region_id: 'cn-hangzhou',
        },
      },
    });

  it.each([
    ['a key ARN', 'acs:kms:cn-hangzhou:1111222233334444:key/key-demo0001'],
    ['an alias', 'alias/logs'],
    ['a path', 'key-demo0001/../x'],
    ['a bare word', 'demo0001'],
  ])('refuses %s as cmk_key_id, naming the key id form', (_, keyId) => {
    const errors = errorsOf(withKeyId(keyId));

    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      path: 'encrypt_conf.user_cmk_info.cmk_key_id',
      rule: 'format',
    });
    expect(errors[0]?.message).toContain('not an alias or a key ARN');
  });

  it.each([
    'key-hzz62f1cb66fa42qo9xyz',
    'key-demo0001',
    '1234abcd-12ab-34cd-56ef-1234567890ab',
  ])('accepts the key id %s', (keyId) => {
    expect(validateRequest(withKeyId(keyId)).ok).toBe(true);
  });

  it('accepts a service-key request without user_cmk_info (P2)', () => {
    const input = byokRequest({
      encrypt_conf: { enable: true, encrypt_type: 'default' },
    });

    expect(validateRequest(input).ok).toBe(true);
  });

  it('refuses encryption turned off', () => {
    const input = byokRequest({
      encrypt_conf: { enable: false, encrypt_type: 'default' },
    });

    expect(rulesAt(input, 'encrypt_conf.enable')).toEqual([
      'encryption_required',
    ]);
  });

  it.each([
    ['app.audit', ['characters']],
    ['App-Audit', ['characters', 'first_last_character']],
    ['ab', ['length']],
    ['a'.repeat(64), ['length']],
    ['-audit', ['first_last_character']],
    ['audit_', ['first_last_character']],
    ['审计', ['length', 'characters', 'first_last_character']],
  ])('refuses logstoreName %j naming the broken rules (P4)', (name, rules) => {
    expect(
      rulesAt(byokRequest({ logstoreName: name }), 'logstoreName'),
    ).toEqual(rules);
  });

  it.each([
    ['demo_proj', ['characters']],
    ['Demo-Proj', ['characters', 'first_last_character']],
  ])('refuses project %j naming the broken rules (P4)', (name, rules) => {
    expect(rulesAt(byokRequest({ project: name }), 'project')).toEqual(rules);
  });

  it.each(['app_audit-01', 'a'.repeat(63), 'a1b'])(
    'accepts logstoreName %j (P4)',
    (name) => {
      expect(validateRequest(byokRequest({ logstoreName: name })).ok).toBe(
        true,
      );
    },
  );

  it.each([
    [{ ttl: 0 }, 'ttl', 'range', '1 to 3650'],
    [{ ttl: 3651 }, 'ttl', 'range', '1 to 3650'],
    [{ ttl: 30.5 }, 'ttl', 'integer', '1 to 3650'],
    [{ shardCount: 0 }, 'shardCount', 'range', '1 to 400'],
    [{ hot_ttl: 5 }, 'hot_ttl', 'range', '7 to ttl'],
    [{ hot_ttl: 60, ttl: 30 }, 'hot_ttl', 'range', 'must not exceed ttl (30)'],
    [{ autoSplit: true }, 'maxSplitShard', 'required', '1 to 256'],
    [{ maxSplitShard: 257 }, 'maxSplitShard', 'range', '1 to 256'],
  ])(
    'refuses %j at %s with the allowed range (P5)',
    (fields, path, rule, text) => {
      const errors = errorsOf(byokRequest(fields)).filter(
        (e) => e.path === path,
      );

      expect(errors.map((e) => e.rule)).toEqual([rule]);
      expect(errors[0]?.message).toContain(text);
    },
  );

  it.each([
    { ttl: 3650 },
    { hot_ttl: 7, ttl: 7 },
    { autoSplit: true, maxSplitShard: 256 },
    { hot_ttl: -1 },
  ])('accepts the boundary %j (P5)', (fields) => {
    expect(validateRequest(byokRequest(fields)).ok).toBe(true);
  });

  it('never coerces: "true" is not a boolean and "30" is not a number', () => {
    const input = byokRequest({ ttl: '30', appendMeta: 'true' });

    expect(errorsOf(input).map((e) => [e.path, e.rule])).toEqual([
      ['ttl', 'type'],
      ['appendMeta', 'type'],
    ]);
  });

  it('refuses unknown keys by name, at any depth', () => {
    const input = byokRequest({
      logstore: 'typo',
      encrypt_conf: {
        enable: true,
        encrypt_type: 'default',
        encryptType: 'default',
      },
    });

    expect(
      errorsOf(input)
        .filter((e) => e.rule === 'unknown_key')
        .map((e) => e.path),
    ).toEqual(['encrypt_conf.encryptType', 'logstore']);
  });

  it('refuses an encrypt_type SLS does not know, listing the allowed ones', () => {
    const input = byokRequest({
      encrypt_conf: { enable: true, encrypt_type: 'sm4' },
    });

    const [error] = errorsOf(input);

    expect(error).toMatchObject({ path: 'encrypt_conf.encrypt_type' });
    expect(error?.message).toContain('sm4_gcm');
  });

  it.each([null, 'text', 42, [], true])(
    'refuses %j as not an object',
    (input) => {
      expect(errorsOf(input)).toEqual([
        expect.objectContaining({ path: '', rule: 'type' }),
      ]);
    },
  );

  it('reports every failing field at once', () => {
    const errors = errorsOf({ ttl: 0 });

    expect(errors.map((e) => e.path)).toEqual([
      'project',
      'logstoreName',
      'ttl',
      'shardCount',
    ]);
  });
});
