import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT_ID } from '../../../emulator/demo.ts';
import type { LocalCloud } from '../../../emulator/local-cloud.ts';
import {
  harness,
  p1Request,
  ROLE,
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

describe('credentials per invocation', () => {
  it("never signs with an earlier invocation's expired token", async () => {
    const fn = harness(cloud);
    const early = cloud.control.issueStsToken(DEMO_ACCOUNT_ID, 60_000);
    const first = await fn.post(p1Request(), {}, { credentials: early });
    cloud.clock.advance(5 * 60_000);
    const late = cloud.control.issueStsToken(DEMO_ACCOUNT_ID, 60_000);

    const second = await fn.post(p1Request(), {}, { credentials: late });
    const stale = await fn.post(p1Request(), {}, { credentials: early });

    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    // The expired token really is refused, so the 200 above used the new one.
    expect(stale).toMatchObject({
      status: 502,
      body: { code: 'access_denied' },
    });
  });

  it('falls back to the local cloud defaults when the context has none', async () => {
    const answer = await harness(cloud).post(
      p1Request(),
      {},
      { credentials: { accessKeyId: '', accessKeySecret: '' } },
    );

    expect(answer.status).toBe(201);
  });
});

describe('dryRun', () => {
  it('runs every check, writes nothing, and says what would happen', async () => {
    const fn = harness(cloud);

    const dry = await fn.post(p1Request({ dryRun: true }));

    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ outcome: 'created', dryRun: true });
    expect(storedLogstores(cloud)).toHaveLength(0);
    expect(
      cloud.control.requests({ service: 'kms', operation: 'DescribeKey' }),
    ).toHaveLength(1);
    expect(
      cloud.control.requests({ service: 'sls', operation: 'CreateLogStore' }),
    ).toEqual([]);
  });

  it('reports unchanged, conflict and key refusals as a real request would', async () => {
    const fn = harness(cloud);
    await fn.post(p1Request());

    const same = await fn.post(p1Request({ dryRun: true }));
    const other = await fn.post(
      p1Request({
        dryRun: true,
        encrypt_conf: {
          enable: true,
          encrypt_type: 'aes_gcm',
          user_cmk_info: {
            cmk_key_id: 'key-demo0002',
            arn: ROLE,
            region_id: 'cn-hangzhou',
          },
        },
      }),
    );
    const badKey = await fn.post(
      p1Request({
        dryRun: true,
        logstoreName: 'app-audit-2',
        encrypt_conf: {
          enable: true,
          encrypt_type: 'aes_gcm',
          user_cmk_info: {
            cmk_key_id: 'key-demo0001',
            arn: ROLE,
            region_id: 'cn-hangzhou',
          },
        },
      }),
    );

    expect([same.status, other.status, badKey.status]).toEqual([200, 409, 422]);
    expect(same.body).toMatchObject({ outcome: 'unchanged', dryRun: true });
    expect(other.body).toMatchObject({ outcome: 'conflict', dryRun: true });
    expect(badKey.body).toMatchObject({ code: 'key_rejected', dryRun: true });
    expect(storedLogstores(cloud)).toHaveLength(1);
  });
});

describe('defaults from policy', () => {
  it('applies the configured default key when encrypt_conf is left out', async () => {
    const fn = harness(cloud, {
      PROVISION_DEFAULT_CMK_KEY_ID: 'key-demo0002',
      PROVISION_DEFAULT_ROLE_ARN: ROLE,
      PROVISION_DEFAULT_ENCRYPT_TYPE: 'aes_gcm',
    });
    const { encrypt_conf: _, ...bare } = p1Request();

    const answer = await fn.post(bare);

    expect(answer.status).toBe(201);
    expect(storedLogstores(cloud)[0]?.fields.encrypt_conf).toEqual({
      enable: true,
      encrypt_type: 'aes_gcm',
      user_cmk_info: {
        cmk_key_id: 'key-demo0002',
        arn: ROLE,
        region_id: 'cn-hangzhou',
      },
    });
  });

  it('refuses a request without encrypt_conf when there is no default', async () => {
    const { encrypt_conf: _, ...bare } = p1Request();

    const answer = await harness(cloud).post(bare);

    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ path: 'encrypt_conf', rule: 'required' }),
    ]);
  });
});
