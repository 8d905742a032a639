import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT_ID, DEMO_PROJECT } from '../../../emulator/demo.ts';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({ port: 0, randomSeed: 5 });
});
afterAll(async () => {
  await cloud.close();
});
beforeEach(() => {
  cloud.control.reset();
});

const seed = async (body: unknown) => {
  const response = await fetch(`${cloud.url}/_control/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as { message?: string };
  return { status: response.status, message: answer.message ?? '' };
};

const projectNames = () =>
  cloud.sls.snapshot().projects.map((project) => project.name);

const BYOK = {
  enable: true,
  encrypt_type: 'sm4_gcm',
  user_cmk_info: {
    cmk_key_id: 'key-demo0001',
    arn: `acs:ram::${DEMO_ACCOUNT_ID}:role/sls-byok-demo`,
    region_id: 'cn-hangzhou',
  },
};

describe('seeding the local cloud', () => {
  it('applies nothing when a later part is refused', async () => {
    const answer = await seed({
      projects: [{ name: 'atom-proj' }],
      keys: [{ keyId: 'key-demo0002' }],
    });

    expect(answer.status).toBe(400);
    expect(answer.message).toContain('key-demo0002');
    expect(projectNames()).not.toContain('atom-proj');
  });

  it('refuses a Logstore that exists, keeping its encryption', async () => {
    const logstore = {
      project: DEMO_PROJECT,
      logstoreName: 'app-audit',
      encrypt_conf: BYOK,
    };
    await seed({ logstores: [logstore] });

    const again = await seed({
      logstores: [{ project: DEMO_PROJECT, logstoreName: 'app-audit' }],
    });

    expect(again.status).toBe(400);
    expect(again.message).toMatch(/app-audit.*already exists/);
    expect(cloud.sls.snapshot().logstores[0]?.fields.encrypt_conf).toEqual(
      BYOK,
    );
  });

  it('refuses the same Logstore twice in one seed', async () => {
    const twice = { project: DEMO_PROJECT, logstoreName: 'twice-store' };

    const answer = await seed({ logstores: [twice, twice] });

    expect(answer.status).toBe(400);
    expect(cloud.sls.snapshot().logstores).toEqual([]);
  });

  it('refuses a key state KMS does not have, naming the field', async () => {
    const answer = await seed({
      projects: [{ name: 'melt-proj' }],
      keys: [{ keyId: 'key-melted01', state: 'Melted' }],
    });

    expect(answer.status).toBe(400);
    expect(answer.message).toMatch(/^keys\.0\.state: /);
    expect(projectNames()).not.toContain('melt-proj');
  });

  it('names the key and the way out for material on a key without it', async () => {
    const answer = await seed({
      keys: [
        {
          keyId: 'key-ext0001',
          origin: 'EXTERNAL',
          materialExpireTime: '2026-12-20T00:00:00Z',
        },
      ],
    });

    expect(answer.status).toBe(400);
    expect(answer.message).toContain('key-ext0001');
    expect(answer.message).toContain('other than PendingImport');
  });

  it('refuses an account that was never seeded', async () => {
    const answer = await seed({
      projects: [{ name: 'ghost-proj', accountId: '9999' }],
    });

    expect(answer.status).toBe(400);
    expect(answer.message).toContain('9999');
    expect(projectNames()).not.toContain('ghost-proj');
  });

  it('accepts an account seeded in the same seed', async () => {
    const answer = await seed({
      accounts: [{ accountId: '9999' }],
      projects: [{ name: 'new-proj', accountId: '9999' }],
    });

    expect(answer.status).toBe(200);
    expect(projectNames()).toContain('new-proj');
  });

  it('refuses in process the same way, changing nothing', () => {
    const partial = () =>
      cloud.control.seed({
        projects: [{ name: 'inproc-proj' }],
        keys: [{ keyId: 'key-demo0001' }],
      });

    expect(partial).toThrow(/key-demo0001/);
    expect(projectNames()).not.toContain('inproc-proj');
  });
});
