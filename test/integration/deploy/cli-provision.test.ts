import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.ts';
import {
  DEMO_ACCOUNT_ID,
  DEMO_KEY_AES,
  DEMO_PROJECT,
  DEMO_REGION,
  DEMO_SLS_ROLE_ARN,
} from '../../../emulator/demo.ts';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
import { captureIo } from './support/capture-io.ts';

/**
 * `keyguard provision <request.json>`: the provisioning core run from an
 * operator's shell against the local cloud, with the same policy
 * variables a deployed function reads.
 */
let cloud: LocalCloud;
let dir: string;

const DAY_MS = 86_400_000;

beforeAll(async () => {
  cloud = await startLocalCloud({ port: 0 });
  dir = await mkdtemp(path.join(tmpdir(), 'keyguard-cli-provision-'));
});

afterAll(async () => {
  await cloud.close();
  await rm(dir, { recursive: true, force: true });
});

const requestFile = async (name: string, body: unknown): Promise<string> => {
  const file = path.join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(body));

  return file;
};

const byok = (logstoreName: string) => ({
  project: DEMO_PROJECT,
  logstoreName,
  shardCount: 2,
  ttl: 30,
  encrypt_conf: {
    enable: true,
    encrypt_type: 'aes_gcm',
    user_cmk_info: {
      cmk_key_id: DEMO_KEY_AES,
      arn: DEMO_SLS_ROLE_ARN,
      region_id: DEMO_REGION,
    },
  },
});

describe('keyguard provision', () => {
  it('creates the Logstore with the customer key and exits 0', async () => {
    // Prepare
    const file = await requestFile('create', byok('cli-audit'));
    const io = captureIo();

    // Act
    const code = await runCli(
      ['provision', file, '--local', String(cloud.port)],
      io,
    );

    // Assert
    expect(code).toBe(0);
    expect(JSON.parse(io.out())).toMatchObject({ outcome: 'created' });
    const sent = cloud.control
      .requests({ service: 'sls', operation: 'CreateLogStore' })
      .map((entry) => JSON.parse(entry.body) as Record<string, unknown>)
      .filter((body) => body.logstoreName === 'cli-audit');
    expect(sent).toEqual([
      expect.objectContaining({
        encrypt_conf: {
          enable: true,
          encrypt_type: 'aes_gcm',
          user_cmk_info: {
            cmk_key_id: DEMO_KEY_AES,
            arn: DEMO_SLS_ROLE_ARN,
            region_id: DEMO_REGION,
          },
        },
      }),
    ]);
  });

  it('answers unchanged and exits 0 when run again', async () => {
    // Prepare
    const file = await requestFile('again', byok('cli-again'));
    await runCli(
      ['provision', file, '--local', String(cloud.port)],
      captureIo(),
    );
    const io = captureIo();

    // Act
    const code = await runCli(
      ['provision', file, '--local', String(cloud.port)],
      io,
    );

    // Assert
    expect(code).toBe(0);
    expect(JSON.parse(io.out())).toMatchObject({ outcome: 'unchanged' });
  });

  it('exits 2 and names the field when the request is refused', async () => {
    // Prepare
    const file = await requestFile('bad-name', byok('App.Audit'));
    const io = captureIo();

    // Act
    const code = await runCli(
      ['provision', file, '--local', String(cloud.port)],
      io,
    );

    // Assert
    expect(code).toBe(2);
    const answer = JSON.parse(io.out()) as {
      code: string;
      errors: { path: string }[];
    };
    expect(answer.code).toBe('invalid_request');
    expect(answer.errors.map((error) => error.path)).toContain('logstoreName');
  });

  it('applies the PROVISION_* policy from the environment', async () => {
    // Prepare
    const file = await requestFile('policy', byok('cli-policy'));
    const io = captureIo({ PROVISION_ALLOWED_PROJECTS: 'other-proj' });

    // Act
    const code = await runCli(
      ['provision', file, '--local', String(cloud.port)],
      io,
    );

    // Assert
    expect(code).toBe(2);
    expect(JSON.parse(io.out())).toMatchObject({ code: 'policy_denied' });
  });

  it("judges key material expiry on the local cloud's clock", async () => {
    // Prepare: material good for 40 days of real time is only 25 days
    // from expiring once the local cloud's clock is 15 days on, inside
    // the 30 days PROVISION_MATERIAL_EXPIRY_DAYS asks for by default.
    cloud.control.seed({
      keys: [
        {
          accountId: DEMO_ACCOUNT_ID,
          region: DEMO_REGION,
          keyId: 'key-imp0040',
          keySpec: 'Aliyun_AES_256',
          origin: 'EXTERNAL',
          state: 'Enabled',
          materialExpireTime: new Date(Date.now() + 40 * DAY_MS).toISOString(),
        },
      ],
    });
    const request = byok('cli-expiring');
    request.encrypt_conf.user_cmk_info.cmk_key_id = 'key-imp0040';
    const file = await requestFile('expiring', request);
    const moved = await fetch(`${cloud.url}/_control/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: 15 * DAY_MS }),
    });
    const io = captureIo();

    // Act
    const code = await runCli(
      ['provision', file, '--local', String(cloud.port)],
      io,
    ).finally(() => cloud.clock.set(Date.now()));

    // Assert
    expect(moved.status).toBe(200);
    expect(code).toBe(2);
    const answer = JSON.parse(io.out()) as { errors?: { rule: string }[] };
    expect(answer.errors?.map((error) => error.rule)).toEqual([
      'key_material_expiry',
    ]);
    expect(
      cloud.control
        .requests({ service: 'sls', operation: 'CreateLogStore' })
        .filter((entry) => entry.body.includes('cli-expiring')),
    ).toEqual([]);
  });

  it.each([
    ['of broken JSON', '{"project": "demo-proj",', 'is not valid JSON'],
    ['left empty', '  \n', 'is empty; write the request as JSON'],
  ])(
    'exits 2 with the invalid_json answer for a request file %s',
    async (name, text, message) => {
      // Prepare: the function answers such a body 400 invalid_json, as
      // refused as a schema error.
      const file = path.join(dir, `${name.replace(/ /g, '-')}.json`);
      await writeFile(file, text);
      const io = captureIo();

      // Act
      const code = await runCli(
        ['provision', file, '--local', String(cloud.port)],
        io,
      );

      // Assert
      expect(code).toBe(2);
      expect(JSON.parse(io.out())).toMatchObject({
        outcome: 'invalid',
        code: 'invalid_json',
        message: `${file} ${message}`,
      });
      expect(io.err()).toBe('');
    },
  );

  it('exits 1 with one line when the request file is missing', async () => {
    // Prepare
    const io = captureIo();

    // Act
    const code = await runCli(
      [
        'provision',
        path.join(dir, 'absent.json'),
        '--local',
        String(cloud.port),
      ],
      io,
    );

    // Assert
    expect(code).toBe(1);
    expect(io.err()).toMatch(
      /^keyguard: cannot read .*absent\.json: ENOENT\n$/,
    );
  });

  it('exits 1 when pointed at the real cloud without an account id', async () => {
    // Prepare
    const file = await requestFile('cloud', byok('cli-cloud'));
    const io = captureIo({
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tSomeoneElse0001',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'someone-elses-secret-0001',
    });

    // Act
    const code = await runCli(
      ['provision', file, '--region', 'cn-hangzhou'],
      io,
    );

    // Assert
    expect(code).toBe(1);
    expect(io.err()).toContain('--account-id');
    expect(io.err()).not.toContain('someone-elses-secret-0001');
  });
});
