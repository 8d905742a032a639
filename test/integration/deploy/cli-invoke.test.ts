import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.ts';
import { startLocalCloud } from '../../../emulator/local-cloud.ts';
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

/** How long the slow stand-in function takes to answer. */
const SLOW_MS = 400;

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
      'keyguard-slow': async () => {
        await setTimeout(SLOW_MS);
        return { statusCode: 200 };
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

  it('says in one clean line that FC cannot be reached', async () => {
    // Prepare: nothing listens on this port.
    const closed = await startLocalCloud({ port: 0 });
    const endpoint = `127.0.0.1:${closed.port}`;
    await closed.close();
    const io = captureIo(KEY);

    // Act
    const code = await runCli(
      [
        'invoke',
        'provision',
        '--qualifier',
        'LIVE',
        '--endpoint',
        endpoint,
        '--protocol',
        'http',
      ],
      io,
    );

    // Assert: no URL glued onto the cause, no query, no SDK text.
    expect(code).toBe(1);
    expect(io.err()).toBe(
      `keyguard: cannot reach FC at ${endpoint} (ECONNREFUSED)\n`,
    );
  });

  it('keeps what FC echoes of a signature out of the message', async () => {
    // Prepare: FC refuses the signature and echoes what it signed, the
    // security token and its own signature among it (canaries).
    const token = 'CANARY-sts-token-7f3e9a1c55d2';
    const signature = 'CANARYsig0b1c2d3e4f5a6b7c8d9e';
    const refusing = await startFcApi({
      accessKeyId: KEY.ALIBABA_CLOUD_ACCESS_KEY_ID,
      accessKeySecret: KEY.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
      functions: {},
      refuse: (headers) => ({
        status: 403,
        code: 'SignatureNotMatch',
        message:
          'The request signature we calculated does not match. ' +
          `Canonical request: POST\nx-acs-security-token:` +
          `${headers['x-acs-security-token'] ?? ''}\n` +
          `Server signature: ${signature}`,
      }),
    });
    const io = captureIo({ ...KEY, ALIBABA_CLOUD_SECURITY_TOKEN: token });

    // Act
    const code = await runCli(
      [
        'invoke',
        'provision',
        '--endpoint',
        refusing.endpoint,
        '--protocol',
        'http',
      ],
      io,
    ).finally(() => refusing.close());

    // Assert
    expect(code).toBe(1);
    expect(io.err()).toMatch(
      new RegExp(
        '^keyguard: SignatureNotMatch: FC answered 403 for ' +
          'keyguard-provision, request [0-9a-f-]{36}; check ' +
          'ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET\n$',
      ),
    );
    for (const secret of [
      token,
      signature,
      KEY.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
    ]) {
      expect(io.err()).not.toContain(secret);
      expect(io.out()).not.toContain(secret);
    }
  });

  it('waits for a function that answers late when --timeout allows it', async () => {
    // Prepare
    const io = captureIo(KEY);

    // Act
    const code = await runCli(
      ['invoke', 'keyguard-slow', '--timeout', '5', ...endpoint()],
      io,
    );

    // Assert
    expect(code).toBe(0);
    expect(JSON.parse(io.out())).toEqual({ statusCode: 200 });
  });

  it('gives up after --timeout, and says how long it waited', async () => {
    // Prepare
    const io = captureIo(KEY);
    const started = Date.now();

    // Act
    const code = await runCli(
      ['invoke', 'keyguard-slow', '--timeout', '0.1', ...endpoint()],
      io,
    );

    // Assert
    expect(code).toBe(1);
    expect(Date.now() - started).toBeLessThan(SLOW_MS);
    expect(io.err()).toBe(
      `keyguard: FC at ${api.endpoint} did not answer within 0.1 s; ` +
        '--timeout waits longer\n',
    );
  });

  it('refuses a --timeout that is not a number of seconds', async () => {
    // Prepare
    const io = captureIo(KEY);

    // Act
    const code = await runCli(
      ['invoke', 'provision', '--timeout', 'soon', ...endpoint()],
      io,
    );

    // Assert
    expect(code).toBe(1);
    expect(io.err()).toMatch(/^keyguard: --timeout takes seconds/);
    expect(api.invocations).toEqual([]);
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
