import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SlsError } from '../../../emulator/sls/errors.ts';
import { checkLogstoreBody } from '../../../emulator/sls/logstore-fields.ts';
import {
  LOGSTORE_NAME_RULE,
  nameProblem,
  PROJECT_NAME_RULE,
} from '../../../emulator/sls/names.ts';
import { ENCRYPT_TYPES } from '../../../shared/encrypt-types.ts';

const refusal = (body: Record<string, unknown>) => {
  try {
    checkLogstoreBody(body, 'create');
  } catch (error) {
    if (error instanceof SlsError)
      return { code: error.code, message: error.message };
    throw error;
  }
  return undefined;
};

const base = { logstoreName: 'app-audit', ttl: 30, shardCount: 2 };

describe('names', () => {
  test.each([
    ['app.audit', 'may only hold'],
    ['App-Audit', 'may only hold'],
    ['审计', 'may only hold'],
    ['ab', '3-63 characters'],
    ['a'.repeat(64), '3-63 characters'],
    ['-audit', 'start and end'],
    ['audit_', 'start and end'],
  ])('Logstore name %s is refused: %s', (name, rule) => {
    expect(nameProblem(name, LOGSTORE_NAME_RULE)).toContain(rule);
  });

  test.each(['app_audit-01', 'a'.repeat(63), 'a1b'])(
    'Logstore name %s passes',
    (name) => {
      expect(nameProblem(name, LOGSTORE_NAME_RULE)).toBeUndefined();
    },
  );

  test.each(['demo_proj', 'Demo-Proj'])(
    'project name %s is refused',
    (name) => {
      expect(nameProblem(name, PROJECT_NAME_RULE)).toContain('may only hold');
    },
  );

  test('every name built from the allowed alphabet with alphanumeric ends passes', () => {
    const edge = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789');
    const middle = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_-');
    fc.assert(
      fc.property(
        edge,
        fc.array(middle, { minLength: 1, maxLength: 61 }),
        edge,
        (a, mid, z) => {
          const name = `${a}${mid.join('')}${z}`;
          expect(nameProblem(name, LOGSTORE_NAME_RULE)).toBeUndefined();
        },
      ),
    );
  });
});

describe('Logstore fields', () => {
  test.each([
    [{ ttl: 0 }, 'ttl'],
    [{ ttl: 3651 }, 'ttl'],
    [{ shardCount: 0 }, 'shardCount'],
    [{ hot_ttl: 5 }, 'hot_ttl'],
    [{ hot_ttl: 60 }, 'hot_ttl'],
    [{ autoSplit: true }, 'maxSplitShard'],
    [{ autoSplit: true, maxSplitShard: 257 }, 'maxSplitShard'],
    [{ maxSplitShard: 0 }, 'maxSplitShard'],
    [{ infrequentAccessTTL: 29 }, 'infrequentAccessTTL'],
    [{ mode: 'fast' }, 'mode'],
    [{ telemetryType: 'Traces' }, 'telemetryType'],
    [{ logstoreName: 'App' }, 'logstoreName'],
  ])('%o is LogStoreInfoInvalid naming %s', (change, field) => {
    const found = refusal({ ...base, ...change });

    expect(found?.code).toBe('LogStoreInfoInvalid');
    expect(found?.message).toContain(field);
  });

  test.each([
    [{ ttl: 3650 }],
    [{ ttl: 7, hot_ttl: 7 }],
    [{ hot_ttl: -1 }],
    [{ autoSplit: true, maxSplitShard: 256 }],
    [{ mode: 'query', infrequentAccessTTL: 30, ttl: 60 }],
  ])('%o passes', (change) => {
    expect(refusal({ ...base, ...change })).toBeUndefined();
  });

  test('an unknown key is LogStoreInfoInvalid naming the key', () => {
    const found = refusal({ ...base, encryptConf: { enable: true } });

    expect(found).toEqual({
      code: 'LogStoreInfoInvalid',
      message: expect.stringContaining('encryptConf'),
    });
  });

  test.each([
    [{ ttl: 30.5 }, 'ttl'],
    [{ ttl: '30' }, 'ttl'],
    [{ autoSplit: 'yes' }, 'autoSplit'],
    [{ encrypt_conf: 'aes' }, 'encrypt_conf'],
  ])('a wrong type %o is ParameterInvalid naming %s', (change, field) => {
    const found = refusal({ ...base, ...change });

    expect(found?.code).toBe('ParameterInvalid');
    expect(found?.message).toContain(field);
  });

  test.each(['logstoreName', 'ttl', 'shardCount'])(
    'a create without %s is refused',
    (field) => {
      const body: Record<string, unknown> = { ...base };
      delete body[field];

      expect(refusal(body)?.message).toContain(field);
    },
  );
});

describe('encrypt_conf', () => {
  const cmk = {
    cmk_key_id: 'key-demo0002',
    arn: 'acs:ram::1:role/r',
    region_id: 'cn-hangzhou',
  };

  test.each(ENCRYPT_TYPES)('encrypt_type %s is accepted', (type) => {
    expect(
      refusal({ ...base, encrypt_conf: { enable: true, encrypt_type: type } }),
    ).toBeUndefined();
  });

  test.each([
    [{ enable: true, encrypt_type: 'sm4' }, 'encrypt_type'],
    [{ encrypt_type: 'default' }, 'enable'],
    [{ enable: true, user_cmk_info: {} }, 'user_cmk_info.cmk_key_id'],
    [{ enable: true, user_cmk_info: { ...cmk, arn: '' } }, 'user_cmk_info.arn'],
    [
      { enable: true, user_cmk_info: { ...cmk, keyId: 'x' } },
      'user_cmk_info.keyId',
    ],
    [{ enable: true, encryptType: 'default' }, 'encrypt_conf.encryptType'],
  ])('%o is LogStoreInfoInvalid naming %s', (conf, field) => {
    const found = refusal({ ...base, encrypt_conf: conf });

    expect(found?.code).toBe('LogStoreInfoInvalid');
    expect(found?.message).toContain(field);
  });

  test('enable alone is accepted, as SLS accepts what the SDK model trap sends', () => {
    expect(
      refusal({ ...base, encrypt_conf: { enable: true } }),
    ).toBeUndefined();
  });
});
