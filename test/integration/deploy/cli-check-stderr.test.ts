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

/**
 * What `keyguard check` says beside its findings: the core's warnings
 * (a retried call, a scope it could not list) on stderr without
 * --verbose, and a --json summary that claims nothing untrue.
 */
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({ port: 0 });
});

afterAll(async () => {
  await cloud.close();
});

beforeEach(() => {
  cloud.control.reset();
  cloud.control.seed({
    keys: [
      {
        accountId: DEMO_ACCOUNT_ID,
        region: DEMO_REGION,
        keyId: 'key-good0001',
        keySpec: 'Aliyun_SM4',
        state: 'Enabled',
      },
    ],
    logstores: [
      {
        accountId: DEMO_ACCOUNT_ID,
        project: DEMO_PROJECT,
        logstoreName: 'app-good',
        encrypt_conf: {
          enable: true,
          encrypt_type: 'sm4_gcm',
          user_cmk_info: {
            cmk_key_id: 'key-good0001',
            arn: DEMO_SLS_ROLE_ARN,
            region_id: DEMO_REGION,
          },
        },
      },
    ],
  });
});

const events = (stderr: string): unknown[] =>
  stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => (JSON.parse(line) as { event?: unknown }).event);

describe('keyguard check on stderr', () => {
  it('shows a retried call without --verbose', async () => {
    // Prepare: one 500 from SLS, which the core retries.
    cloud.control.faults.add({
      service: 'sls',
      operation: 'ListLogStores',
      action: { kind: 'error', status: 500, code: 'InternalServerError' },
      times: 1,
    });
    const io = captureIo();

    // Act
    const code = await runCli(
      ['check', '--local', String(cloud.port), '--json'],
      io,
    );

    // Assert
    expect(code).toBe(0);
    expect(events(io.err())).toContain('call.retry');
    expect(JSON.parse(io.out())).toHaveProperty('summary');
  });

  it('keeps info lines back without --verbose', async () => {
    // Prepare
    const io = captureIo();

    // Act
    const code = await runCli(['check', '--local', String(cloud.port)], io);

    // Assert
    expect(code).toBe(0);
    expect(io.err()).toBe('');
  });

  it('claims no dry run in its --json summary', async () => {
    // Prepare
    const io = captureIo();

    // Act
    await runCli(['check', '--local', String(cloud.port), '--json'], io);

    // Assert: the check never sends, so a dryRun flag says nothing.
    const body = JSON.parse(io.out()) as { summary: Record<string, unknown> };
    expect(body.summary).not.toHaveProperty('dryRun');
    expect(body.summary).toMatchObject({ outcome: 'complete' });
  });
});
