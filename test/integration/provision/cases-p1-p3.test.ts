import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../emulator/local-cloud.ts';
import type { MakeClients } from '../../../functions/provision/invocation.ts';
import {
  createBodies,
  harness,
  mutatingCalls,
  p1Request,
  ROLE,
  serviceKeyRequest,
  startCloud,
  storedLogstores,
} from './support.ts';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startCloud();
});
afterAll(async () => {
  await cloud.close();
});
beforeEach(() => {
  cloud.control.reset();
});

const SERVICE_KEY_ALLOWED = { PROVISION_ALLOW_SERVICE_KEY: 'true' };

/** The SDK model trap: a client that loses user_cmk_info on the way. */
const modelTrap =
  (make: MakeClients): MakeClients =>
  (credentials, region, deadline) => {
    const clients = make(credentials, region, deadline);
    return {
      ...clients,
      sls: {
        ...clients.sls,
        createLogstore: (project, spec) =>
          clients.sls.createLogstore(project, {
            ...spec,
            encrypt_conf: { enable: true, encrypt_type: 'sm4_gcm' },
          }),
      },
    };
  };

describe('P1: the customer key really reaches SLS', () => {
  it('creates the BYOK Logstore and SLS receives every key field', async () => {
    const fn = harness(cloud);

    const answer = await fn.post(p1Request());

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      outcome: 'created',
      logstore: { project: 'demo-proj', logstoreName: 'app-audit' },
    });
    expect(typeof answer.body.requestId).toBe('string');
    const [sent] = createBodies(cloud);
    expect(sent?.encrypt_conf).toEqual({
      enable: true,
      encrypt_type: 'sm4_gcm',
      user_cmk_info: {
        cmk_key_id: 'key-demo0001',
        arn: ROLE,
        region_id: 'cn-hangzhou',
      },
    });
  });

  it('shows the same key when the Logstore is read back', async () => {
    const fn = harness(cloud);
    await fn.post(p1Request());

    const read = await fn.http('GET', '/logstores/demo-proj/app-audit');

    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      outcome: 'found',
      logstore: {
        encrypt_conf: {
          encrypt_type: 'sm4_gcm',
          user_cmk_info: { cmk_key_id: 'key-demo0001' },
        },
      },
      key: {
        keyId: 'key-demo0001',
        keyState: 'Enabled',
        keySpec: 'Aliyun_SM4',
      },
    });
  });

  it('answers 502 encryption_not_applied when SLS stores another key', async () => {
    const fn = harness(cloud, {}, { wrapClients: modelTrap });

    const answer = await fn.post(p1Request());

    expect(answer.status).toBe(502);
    expect(answer.body).toMatchObject({
      outcome: 'failed',
      code: 'encryption_not_applied',
    });
    const errors = fn.lines
      .records()
      .filter((r) => r.event === 'provision.encryption_not_applied');
    expect(errors).toEqual([expect.objectContaining({ level: 'error' })]);
  });

  it('answers 502 encryption_not_applied when a retry finds other encryption', async () => {
    // The trap again, with the create's answer lost: the retry's read
    // finds a Logstore this function may well have made itself.
    cloud.control.faults.add({
      service: 'sls',
      operation: 'CreateLogStore',
      action: { kind: 'drop' },
      phase: 'after',
      times: 1,
    });
    const fn = harness(cloud, {}, { wrapClients: modelTrap });

    const answer = await fn.post(p1Request());

    expect(answer.status).toBe(502);
    expect(answer.body).toMatchObject({
      outcome: 'failed',
      code: 'encryption_not_applied',
    });
    expect(String(answer.body.message)).toContain('concurrent');
    const errors = fn.lines
      .records()
      .filter((r) => r.event === 'provision.encryption_not_applied');
    expect(errors).toEqual([expect.objectContaining({ level: 'error' })]);
  });
});

describe('P2: empty or half-filled key blocks', () => {
  it.each([
    [{}, ['cmk_key_id', 'arn', 'region_id']],
    [
      { cmk_key_id: 'key-demo0001', arn: '', region_id: 'cn-hangzhou' },
      ['arn'],
    ],
  ])(
    'refuses user_cmk_info %j naming each field, with no SLS call',
    async (cmk, fields) => {
      const fn = harness(cloud);

      const answer = await fn.post(
        p1Request({
          encrypt_conf: {
            enable: true,
            encrypt_type: 'sm4_gcm',
            user_cmk_info: cmk,
          },
        }),
      );

      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('invalid_request');
      expect(answer.body.errors).toEqual(
        fields.map((field) =>
          expect.objectContaining({
            path: `encrypt_conf.user_cmk_info.${field}`,
            rule: 'required',
          }),
        ),
      );
      expect(cloud.control.requests({ service: 'sls' })).toEqual([]);
    },
  );

  it('creates a service-key Logstore with no user_cmk_info key at all', async () => {
    const fn = harness(cloud, SERVICE_KEY_ALLOWED);

    const answer = await fn.post(serviceKeyRequest());

    expect(answer.status).toBe(201);
    const [sent] = createBodies(cloud);
    expect(sent?.encrypt_conf).toStrictEqual({
      enable: true,
      encrypt_type: 'default',
    });
    expect(cloud.control.requests({ service: 'kms' })).toEqual([]);
  });
});

describe('P3: same name, same request, other key', () => {
  it('answers 201, then 200 unchanged, then 409 naming the key id', async () => {
    const fn = harness(cloud, SERVICE_KEY_ALLOWED);

    const first = await fn.post(p1Request());
    const again = await fn.post(p1Request());
    const otherKey = await fn.post(
      p1Request({
        encrypt_conf: {
          enable: true,
          encrypt_type: 'sm4_gcm',
          user_cmk_info: {
            cmk_key_id: 'key-demo0002',
            arn: ROLE,
            region_id: 'cn-hangzhou',
          },
        },
      }),
    );
    const serviceKey = await fn.post(
      p1Request({ encrypt_conf: { enable: true, encrypt_type: 'sm4_gcm' } }),
    );

    expect([first.status, again.status, otherKey.status]).toEqual([
      201, 200, 409,
    ]);
    expect(again.body.outcome).toBe('unchanged');
    expect(otherKey.body).toMatchObject({
      outcome: 'conflict',
      code: 'encryption_conflict',
      errors: [
        {
          path: 'encrypt_conf.user_cmk_info.cmk_key_id',
          existing: 'key-demo0001',
          requested: 'key-demo0002',
        },
      ],
    });
    expect(serviceKey.status).toBe(409);
    expect(serviceKey.body.errors).toEqual([
      expect.objectContaining({ path: 'encrypt_conf.user_cmk_info' }),
    ]);
    expect(storedLogstores(cloud)).toHaveLength(1);
    expect(mutatingCalls(cloud)).toEqual([]);
    expect(createBodies(cloud)).toHaveLength(1);
  });

  it('lists other settings that differ as drift without changing them', async () => {
    const fn = harness(cloud);
    await fn.post(p1Request());

    const again = await fn.post(p1Request({ ttl: 90 }));

    expect(again.status).toBe(200);
    expect(again.body.drift).toEqual([
      { path: 'ttl', existing: 30, requested: 90 },
    ]);
    expect(storedLogstores(cloud)[0]?.fields.ttl).toBe(30);
  });
});
