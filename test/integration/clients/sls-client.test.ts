import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_ACCESS_KEY,
  DEMO_KEY_SM4,
  DEMO_PROJECT,
  DEMO_SLS_ROLE_ARN,
} from '../../../emulator/demo.ts';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
import type { Credentials } from '../../../shared/credentials.ts';
import type { EncryptType } from '../../../shared/encrypt-types.ts';
import { KeyguardError } from '../../../shared/errors.ts';
import { createSlsApi } from '../../../shared/sls/client.ts';
import type { LogstoreSpec } from '../../../shared/sls/logstore.ts';
import {
  collect,
  listAllLogstores,
  listAllProjects,
} from '../../../shared/sls/paging.ts';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({ port: 0, randomSeed: 7 });
});
afterAll(async () => {
  await cloud.close();
});
beforeEach(() => {
  cloud.control.reset();
});

const api = (credentials: Credentials = DEMO_ACCESS_KEY, timeoutMs = 2_000) =>
  createSlsApi({
    credentials,
    endpoints: cloud.endpoints,
    region: 'cn-hangzhou',
    timeoutMs,
  });

const byok: LogstoreSpec = {
  logstoreName: 'app-audit',
  shardCount: 2,
  ttl: 30,
  encrypt_conf: {
    enable: true,
    encrypt_type: 'sm4_gcm',
    user_cmk_info: {
      cmk_key_id: DEMO_KEY_SM4,
      arn: DEMO_SLS_ROLE_ARN,
      region_id: 'cn-hangzhou',
    },
  },
};

const serviceKey: LogstoreSpec = {
  logstoreName: 'app-plain',
  shardCount: 1,
  ttl: 7,
  encrypt_conf: { enable: true, encrypt_type: 'default' },
};

const sentBodies = () =>
  cloud.control
    .requests({ service: 'sls', operation: 'CreateLogStore' })
    .map((entry) => JSON.parse(entry.body) as Record<string, unknown>);

const failureOf = async (promise: Promise<unknown>): Promise<KeyguardError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KeyguardError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
};

describe('SLS client against the local cloud', () => {
  it('sends the customer key to SLS under the wire names', async () => {
    await api().createLogstore(DEMO_PROJECT, byok);

    expect(sentBodies()).toEqual([
      {
        logstoreName: 'app-audit',
        shardCount: 2,
        ttl: 30,
        encrypt_conf: {
          enable: true,
          encrypt_type: 'sm4_gcm',
          user_cmk_info: {
            cmk_key_id: DEMO_KEY_SM4,
            arn: DEMO_SLS_ROLE_ARN,
            region_id: 'cn-hangzhou',
          },
        },
      },
    ]);
  });

  it('sends no user_cmk_info key for a service-key Logstore', async () => {
    await api().createLogstore(DEMO_PROJECT, serviceKey);

    const [body] = sentBodies();
    expect(body?.encrypt_conf).toEqual({
      enable: true,
      encrypt_type: 'default',
    });
    expect(Object.keys(body?.encrypt_conf ?? {})).not.toContain(
      'user_cmk_info',
    );
  });

  it('reads a BYOK Logstore back in wire names', async () => {
    await api().createLogstore(DEMO_PROJECT, byok);

    const logstore = await api().getLogstore(DEMO_PROJECT, 'app-audit');

    expect(logstore).toMatchObject({
      project: DEMO_PROJECT,
      logstoreName: 'app-audit',
      shardCount: 2,
      ttl: 30,
      encrypt_conf: byok.encrypt_conf,
    });
  });

  it('reads a missing Logstore or project as undefined', async () => {
    expect(await api().getLogstore(DEMO_PROJECT, 'nowhere')).toBeUndefined();
    expect(await api().getProject('no-such-proj')).toBeUndefined();
    expect(await api().getProject(DEMO_PROJECT)).toMatchObject({
      name: DEMO_PROJECT,
      region: 'cn-hangzhou',
    });
  });

  it('answers logstore_exists for a second create of the same name', async () => {
    await api().createLogstore(DEMO_PROJECT, byok);

    const error = await failureOf(api().createLogstore(DEMO_PROJECT, byok));

    expect(error.code).toBe('logstore_exists');
    expect(error.status).toBe(409);
  });

  it('answers project_not_found for a create in a missing project', async () => {
    const error = await failureOf(api().createLogstore('no-such-proj', byok));

    expect(error.code).toBe('project_not_found');
  });

  it('passes SLS own code and message on when it refuses a field', async () => {
    const bad = {
      ...serviceKey,
      encrypt_conf: { enable: true, encrypt_type: 'sm4' as EncryptType },
    };

    const error = await failureOf(api().createLogstore(DEMO_PROJECT, bad));

    expect(error.code).toBe('sls_rejected');
    expect(error.status).toBe(400);
    expect(error.context.slsCode).toBe('LogStoreInfoInvalid');
    expect(error.context.slsMessage).toEqual(expect.any(String));
    expect(error.context.slsMessage).not.toBe('');
  });

  it('pages through 620 Logstores', async () => {
    const names = Array.from(
      { length: 620 },
      (_, i) => `store-${String(i).padStart(4, '0')}`,
    );
    cloud.control.seed({
      logstores: names.map((logstoreName) => ({
        project: DEMO_PROJECT,
        logstoreName,
      })),
    });

    const listed = await collect(listAllLogstores(api(), DEMO_PROJECT));

    expect([...listed].sort()).toEqual(names);
    expect(
      cloud.control.requests({ service: 'sls', operation: 'ListLogStores' }),
    ).toHaveLength(2);
  });

  it('pages through the projects of the account', async () => {
    cloud.control.seed({
      projects: [
        { name: 'proj-a1', region: 'cn-hangzhou' },
        { name: 'proj-b2', region: 'cn-hangzhou' },
      ],
    });

    const projects = await collect(listAllProjects(api(), 2));

    expect(projects.map((project) => project.name).sort()).toEqual([
      DEMO_PROJECT,
      'proj-a1',
      'proj-b2',
    ]);
  });
});
