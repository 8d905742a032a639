import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.ts';
import { captureIo } from './support/capture-io.ts';
import { type FcApiStandIn, startFcApi } from './support/fc-api.ts';

/**
 * `keyguard invoke`: the real @alicloud/fc20230330 SDK, signing with the
 * operator's key, against a local stand-in for FC's InvokeFunction API.
 */
const KEY = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tOperatorKey0001',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'operator-secret-for-tests-0001',
  ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou',
};

let api: FcApiStandIn;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'keyguard-cli-invoke-'));
  api = await startFcApi({
    accessKeyId: KEY.ALIBABA_CLOUD_ACCESS_KEY_ID,
    accessKeySecret: KEY.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
    functions: {
      'keyguard-provision': async (payload) => ({
        statusCode: 201,
        received: JSON.parse(payload.toString('utf8')) as unknown,
      }),
      'keyguard-key-health': async () => {
        throw new Error('the scan failed');
      },
    },
  });
});

afterAll(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  api.invocations.length = 0;
});

const endpoint = () => ['--endpoint', api.endpoint, '--protocol', 'http'];

describe('keyguard invoke', () => {
  it("sends the event file's bytes and prints the function's answer", async () => {
    // Prepare
    const file = path.join(dir, 'event.json');
    await writeFile(file, '{"project":"demo-proj","logstoreName":"app-audit"}');
    const io = captureIo(KEY);

    // Act
    const code = await runCli(
      ['invoke', 'provision', '--file', file, ...endpoint()],
      io,
    );

    // Assert
    expect(code).toBe(0);
    expect(JSON.parse(io.out())).toEqual({
      statusCode: 201,
      received: { project: 'demo-proj', logstoreName: 'app-audit' },
    });
    expect(api.invocations).toEqual([
      {
        functionName: 'keyguard-provision',
        invocationType: 'Sync',
        payload: '{"project":"demo-proj","logstoreName":"app-audit"}',
        accessKeyId: KEY.ALIBABA_CLOUD_ACCESS_KEY_ID,
      },
    ]);
  });

  it('invokes asynchronously with --async and prints the request id', async () => {
    // Prepare
    const io = captureIo(KEY);

    // Act
    const code = await runCli(
      ['invoke', 'provision', '--async', ...endpoint()],
      io,
    );
    await api.drain();

    // Assert
    expect(code).toBe(0);
    const answer = JSON.parse(io.out()) as {
      status: number;
      requestId: string;
    };
    expect(answer.status).toBe(202);
    expect(answer.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(api.invocations.map((i) => i.invocationType)).toEqual(['Async']);
  });

  it('exits 1 and says so when the handler fails', async () => {
    // Prepare
    const io = captureIo(KEY);

    // Act
    const code = await runCli(['invoke', 'key-health', ...endpoint()], io);

    // Assert
    expect(code).toBe(1);
    expect(io.err()).toMatch(
      /^the function failed \(UnhandledInvocationError\)/,
    );
    expect(io.out()).toContain('the scan failed');
  });

  it("exits 1 with FC's error code for a function that does not exist", async () => {
    // Prepare
    const io = captureIo(KEY);

    // Act
    const code = await runCli(['invoke', 'keyguard-absent', ...endpoint()], io);

    // Assert
    expect(code).toBe(1);
    expect(io.err()).toMatch(/^keyguard: FunctionNotFound/);
    expect(io.err()).not.toContain(KEY.ALIBABA_CLOUD_ACCESS_KEY_SECRET);
  });

  it('asks for the account when it cannot build the FC endpoint', async () => {
    // Prepare
    const io = captureIo(KEY);

    // Act
    const code = await runCli(['invoke', 'provision'], io);

    // Assert
    expect(code).toBe(1);
    expect(io.err()).toContain('--account-id or ALIBABA_CLOUD_ACCOUNT_ID');
    expect(api.invocations).toEqual([]);
  });
});
