import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.ts';
import {
  DEMO_ACCOUNT_ID,
  DEMO_PROJECT,
  DEMO_REGION,
  DEMO_SLS_ROLE_ARN,
} from '../../../emulator/demo.ts';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
import { captureIo } from './support/capture-io.ts';
import { runKeyguard } from './support/run-cli.ts';

/**
 * `keyguard check` against a local cloud: the findings a user reads and
 * the exit status a script branches on.
 */
let cloud: LocalCloud;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

beforeAll(async () => {
  cloud = await startLocalCloud({ port: 0 });
});

afterAll(async () => {
  await cloud.close();
});

beforeEach(() => {
  cloud.control.reset();
});

const byokLogstore = (logstoreName: string, keyId: string) => ({
  accountId: DEMO_ACCOUNT_ID,
  project: DEMO_PROJECT,
  logstoreName,
  encrypt_conf: {
    enable: true,
    encrypt_type: 'sm4_gcm',
    user_cmk_info: {
      cmk_key_id: keyId,
      arn: DEMO_SLS_ROLE_ARN,
      region_id: DEMO_REGION,
    },
  },
});

const seedKey = (keyId: string, state: string) =>
  cloud.control.seed({
    keys: [
      {
        accountId: DEMO_ACCOUNT_ID,
        region: DEMO_REGION,
        keyId,
        keySpec: 'Aliyun_SM4',
        state,
      },
    ],
    logstores: [byokLogstore(`app-${keyId}`, keyId)],
  });

describe('keyguard check', () => {
  it('exits 0 and says so when every key is healthy', async () => {
    // Prepare
    seedKey('key-good0001', 'Enabled');
    const io = captureIo();

    // Act
    const code = await runCli(['check', '--local', String(cloud.port)], io);

    // Assert
    expect(code).toBe(0);
    expect(io.out()).toBe(
      '1 key(s) checked in cn-hangzhou: 1 ok; findings: 0 critical, ' +
        '0 warning, 0 unverified\n',
    );
  });

  it('exits 2 and tables the Logstores a disabled key breaks', async () => {
    // Prepare
    seedKey('key-off0001', 'Disabled');
    const io = captureIo();

    // Act
    const code = await runCli(['check', '--local', String(cloud.port)], io);

    // Assert
    expect(code).toBe(2);
    const out = io.out();
    expect(out).toMatch(/│ critical\s+│ Key key-off0001 /);
    expect(out).toContain(`${DEMO_PROJECT}/app-key-off0001`);
    expect(out).toContain('findings: 1 critical');
  });

  it('exits 0 but says so when a key could not be verified', async () => {
    // Prepare: RAM denies reading one key, nothing else is wrong.
    seedKey('key-denied01', 'Enabled');
    cloud.control.faults.add({
      service: 'kms',
      operation: 'DescribeKey',
      action: { kind: 'error', status: 403, code: 'Forbidden.NoPermission' },
    });
    const io = captureIo();

    // Act
    const code = await runCli(
      ['check', '--local', String(cloud.port), '--json'],
      io,
    );

    // Assert
    expect(code).toBe(0);
    const body = JSON.parse(io.out()) as {
      findings: { keyId?: string; severity: string }[];
    };
    expect(body.findings).toEqual([
      expect.objectContaining({
        keyId: 'key-denied01',
        severity: 'unverified',
      }),
    ]);
    expect(io.err()).toBe(
      'keyguard: 1 key(s) could not be verified, so their state is ' +
        'unknown (see the unverified findings); they do not change the ' +
        'exit status\n',
    );
  });

  it('explains its exit status in --help', async () => {
    // Prepare
    const io = captureIo();

    // Act
    const code = await runCli(['check', '--help'], io);

    // Assert
    expect(code).toBe(0);
    expect(io.out()).toContain(
      'Exit status:\n  0  nothing critical was found. Keys that could not',
    );
    expect(io.out()).toContain('unverified findings');
  });

  it('prints the findings and the summary as JSON with --json', async () => {
    // Prepare
    seedKey('key-off0002', 'Disabled');
    const io = captureIo();

    // Act
    const code = await runCli(
      ['check', '--local', String(cloud.port), '--json'],
      io,
    );

    // Assert
    expect(code).toBe(2);
    const body = JSON.parse(io.out()) as {
      summary: { findings: { critical: number }; channels: object };
      findings: { keyId?: string; severity: string; logstores: string[] }[];
    };
    expect(body.summary.findings.critical).toBe(1);
    expect(body.summary.channels).toEqual({});
    expect(body.findings).toEqual([
      expect.objectContaining({
        keyId: 'key-off0002',
        severity: 'critical',
        logstores: [`${DEMO_PROJECT}/app-key-off0002`],
        silenced: false,
      }),
    ]);
  });

  it('leaves out findings below --min-severity', async () => {
    // Prepare: an unencrypted Logstore is a warning under the default
    // policy; nothing is critical.
    cloud.control.seed({
      logstores: [
        {
          accountId: DEMO_ACCOUNT_ID,
          project: DEMO_PROJECT,
          logstoreName: 'plain',
        },
      ],
    });
    const all = captureIo();
    const critical = captureIo();

    // Act
    await runCli(['check', '--local', String(cloud.port), '--json'], all);
    const code = await runCli(
      [
        'check',
        '--local',
        String(cloud.port),
        '--json',
        '--min-severity',
        'critical',
      ],
      critical,
    );

    // Assert
    expect(code).toBe(0);
    expect(JSON.parse(all.out()).findings).not.toEqual([]);
    expect(JSON.parse(critical.out()).findings).toEqual([]);
  });

  it('exits 1 when it could not list what it was asked to check', async () => {
    // Prepare: the projects of the region cannot be listed.
    seedKey('key-good0003', 'Enabled');
    cloud.control.faults.add({
      service: 'sls',
      operation: 'ListProject',
      action: { kind: 'error', status: 401, code: 'Unauthorized' },
    });
    const io = captureIo();

    // Act
    const code = await runCli(['check', '--local', String(cloud.port)], io);

    // Assert
    expect(code).toBe(1);
    expect(io.out()).toContain('incomplete: 1 scope(s) could not be listed');
  });

  it('exits 1 with one line when no local cloud listens there', async () => {
    // Prepare
    const closed = await startLocalCloud({ port: 0 });
    const port = closed.port;
    await closed.close();
    const io = captureIo();

    // Act
    const code = await runCli(['check', '--local', String(port)], io);

    // Assert
    expect(code).toBe(1);
    expect(io.err()).toBe(
      "keyguard: cannot read the local cloud's clock at " +
        `http://127.0.0.1:${port}/_control/clock (ECONNREFUSED); ` +
        'is the local cloud running on that port?\n',
    );
  });

  it("counts days on the local cloud's clock, as key-health does", async () => {
    // Prepare: material expiring in five days and an hour of real time,
    // then the local cloud's clock moved two days on, as a user would.
    cloud.control.seed({
      keys: [
        {
          accountId: DEMO_ACCOUNT_ID,
          region: DEMO_REGION,
          keyId: 'key-imp0001',
          keySpec: 'Aliyun_SM4',
          origin: 'EXTERNAL',
          state: 'Enabled',
          materialExpireTime: new Date(
            Date.now() + 5 * DAY_MS + HOUR_MS,
          ).toISOString(),
        },
      ],
      logstores: [byokLogstore('app-imported', 'key-imp0001')],
    });
    const moved = await fetch(`${cloud.url}/_control/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: 2 * DAY_MS }),
    });
    const io = captureIo();

    // Act
    const code = await runCli(
      ['check', '--local', String(cloud.port), '--json'],
      io,
    );

    // Assert
    expect(moved.status).toBe(200);
    expect(code).toBe(0);
    const { findings } = JSON.parse(io.out()) as {
      findings: { keyId?: string; severity: string }[];
    };
    expect(findings).toEqual([
      expect.objectContaining({ keyId: 'key-imp0001', severity: 'warning' }),
    ]);
    const text = JSON.stringify(findings);
    expect(text).toMatch(/\bin 3 days\b/);
    expect(text).not.toMatch(/\bin 5 days\b/);
  });

  it('exits 1 with one line and no stack on a bad option value', async () => {
    // Prepare
    const io = captureIo();

    // Act
    const code = await runCli(['check', '--local', 'eighty'], io);

    // Assert
    expect(code).toBe(1);
    expect(io.err()).toBe(
      'keyguard: --local takes a port from 1 to 65535, not "eighty"\n',
    );
  });

  it('never uses shell credentials against the local cloud', async () => {
    // Prepare: real-looking keys in the environment would be refused by
    // the local cloud; the demo key must be used instead.
    seedKey('key-good0002', 'Enabled');
    const io = captureIo({
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tRealLookingKey9',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'real-looking-secret-value',
    });

    // Act
    const code = await runCli(['check', '--local', String(cloud.port)], io);

    // Assert
    expect(code).toBe(0);
    const ids = cloud.control
      .requests({ service: 'sls' })
      .map((entry) => entry.headers.authorization ?? '');
    expect(ids.some((auth) => auth.includes('LTAI5tRealLookingKey9'))).toBe(
      false,
    );
  });
});

describe('bin/keyguard.js', () => {
  it('exits 2 from a real process when a key is disabled', async () => {
    // Prepare
    seedKey('key-off0003', 'Disabled');

    // Act
    const run = await runKeyguard(['check', '--local', String(cloud.port)]);

    // Assert
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('key-off0003');
    expect(run.stderr).toBe('');
  });

  it.each([[[]], [['provision']], [['check']], [['invoke']], [['policy']]])(
    'answers --help for %j',
    async (command) => {
      // Prepare
      const io = captureIo();

      // Act
      const code = await runCli([...command, '--help'], io);

      // Assert
      expect(code).toBe(0);
      expect(io.out()).toMatch(/^Usage: keyguard/);
    },
  );
});
