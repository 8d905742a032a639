import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_ACCOUNT_ID,
  DEMO_KEY_SM4,
  DEMO_PROJECT,
  DEMO_REGION,
  DEMO_SLS_ROLE_ARN,
} from '../../../emulator/demo.ts';
import {
  fcContext,
  httpTriggerEvent,
  mnsQueueEvent,
  timerEvent,
} from '../../../emulator/fc-runtime.ts';
import { actionTrailEvent } from '../../../emulator/kms/actiontrail-event.ts';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
import { type BuiltFunction, buildFunctions } from '../../../scripts/build.ts';
import { localEnvironment } from '../../../scripts/build-verify.ts';
import {
  type FunctionName,
  OMITTED_NATIVE,
  unexpectedRuntimeImports,
} from '../../../scripts/bundle.ts';
import { unpackZip, ZIP_LIMIT_BYTES } from '../../../scripts/deployment-zip.ts';
import {
  type BundleInvocation,
  invokeBundle,
} from '../../../scripts/invoke-bundle.ts';
import {
  type BuildOutput,
  handlerProblems,
  resolvedDeployment,
} from '../../unit/deploy/support/deployment-checks.ts';
import { loadSYaml } from '../../unit/deploy/support/s-yaml.ts';

/**
 * The deployable artefacts themselves: each zip is built once for this
 * file, unpacked outside the repository, loaded by a plain Node process
 * and invoked with events shaped like FC's against a local cloud.
 */
let outDir: string;
let stateDir: string;
let cloud: LocalCloud;
const built = new Map<FunctionName, BuiltFunction>();
const unpacked = new Map<FunctionName, string>();

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'keyguard-bundles-'));
  stateDir = await mkdtemp(path.join(tmpdir(), 'keyguard-state-'));
  for (const fn of await buildFunctions({ outDir })) {
    built.set(fn.name, fn);
    unpacked.set(fn.name, await unpackZip(fn.zipPath));
  }
  cloud = await startLocalCloud({ port: 0 });
}, 90_000);

afterAll(async () => {
  await cloud?.close();
  for (const dir of [outDir, stateDir, ...unpacked.values()]) {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  }
});

const invoke = (
  name: FunctionName,
  event: unknown,
  env: Record<string, string> = {},
): ReturnType<typeof invokeBundle> => {
  const dir = unpacked.get(name);
  if (dir === undefined) throw new Error(`${name} was not built`);
  const sts = cloud.control.issueStsToken(DEMO_ACCOUNT_ID, 900_000);
  const invocation: BundleInvocation = {
    event,
    context: fcContext({
      credentials: {
        accessKeyId: sts.accessKeyId,
        accessKeySecret: sts.accessKeySecret,
        securityToken: sts.securityToken,
      },
      functionName: `keyguard-${name}`,
      timeout: name === 'provision' ? 60 : 300,
      region: DEMO_REGION,
      accountId: DEMO_ACCOUNT_ID,
    }),
    env: { ...localEnvironment(cloud), ...env },
  };

  return invokeBundle(dir, invocation);
};

/** The handler's result; its log lines explain a failure. */
const resultOf = (answer: Awaited<ReturnType<typeof invokeBundle>>) => {
  if (answer.error !== undefined) {
    throw new Error(
      `${answer.error}\n--- function output ---\n${answer.output}`,
    );
  }

  return answer.result;
};

const byokRequest = (logstoreName: string) => ({
  project: DEMO_PROJECT,
  logstoreName,
  shardCount: 2,
  ttl: 30,
  encrypt_conf: {
    enable: true,
    encrypt_type: 'sm4_gcm',
    user_cmk_info: {
      cmk_key_id: DEMO_KEY_SM4,
      arn: DEMO_SLS_ROLE_ARN,
      region_id: DEMO_REGION,
    },
  },
});

const createBodies = (logstore: string): Record<string, unknown>[] =>
  cloud.control
    .requests({ service: 'sls', operation: 'CreateLogStore' })
    .map((entry) => JSON.parse(entry.body) as Record<string, unknown>)
    .filter((body) => body.logstoreName === logstore);

describe('the deployment zips', () => {
  it('stay under 1 MB each and hold only the bundle', async () => {
    // Act
    const zips = await Promise.all(
      [...built.values()].map(async (fn) => ({
        name: fn.name,
        bytes: fn.zipBytes,
        files: Object.keys(
          unzipSync(new Uint8Array(await readFile(fn.zipPath))),
        ),
      })),
    );

    // Assert
    expect(zips.map((zip) => zip.name).sort()).toEqual([
      'key-health',
      'provision',
    ]);
    for (const zip of zips) {
      expect(zip.bytes).toBeLessThan(ZIP_LIMIT_BYTES);
      expect(zip.files).toEqual(['index.mjs']);
    }
  });

  it('leave only Node built-ins to the runtime, and no native addon', () => {
    // Act
    const imports = [...built.values()].flatMap((fn) => fn.runtimeImports);

    // Assert
    expect(imports).not.toContain(OMITTED_NATIVE);
    expect(imports).toEqual(expect.arrayContaining(['node:crypto']));
    expect(unexpectedRuntimeImports(imports)).toEqual([]);
  });

  it('would refuse a package or native addon left to the runtime', () => {
    // Act
    const unexpected = unexpectedRuntimeImports([
      'node:fs',
      'crypto',
      'stream/web',
      'bufferutil',
      OMITTED_NATIVE,
      'sharp',
      'pino/file',
    ]);

    // Assert: FC has no node_modules beside the bundle.
    expect(unexpected).toEqual([OMITTED_NATIVE, 'sharp', 'pino/file']);
  });

  it("hold the handler each function's s.yaml entry names", () => {
    // Prepare
    const outputs = new Map<string, BuildOutput>(
      [...built.values()].map((fn) => [
        fn.name,
        { files: ['index.mjs'], exports: fn.exports },
      ]),
    );
    const resolved = resolvedDeployment(loadSYaml());
    const renamed = structuredClone(resolved);
    const provision = renamed.resources.provision;
    if (provision === undefined) throw new Error('no provision resource');
    provision.props.handler = 'index.main';

    // Act
    const problems = handlerProblems(resolved, outputs);
    const broken = handlerProblems(renamed, outputs);

    // Assert
    expect(problems).toEqual([]);
    expect(broken).toEqual([
      {
        at: 'resources.provision.props.handler',
        rule: 'names main, which index.mjs does not export',
      },
    ]);
  });
});

describe('the provision bundle', () => {
  it('creates a BYOK Logstore from an HTTP trigger event', async () => {
    // Prepare
    const event = httpTriggerEvent({
      method: 'POST',
      path: '/logstores',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(byokRequest('app-audit')),
    });

    // Act
    const answer = await invoke('provision', event);

    // Assert
    expect(resultOf(answer)).toMatchObject({ statusCode: 201 });
    expect(createBodies('app-audit')).toEqual([
      expect.objectContaining({
        encrypt_conf: {
          enable: true,
          encrypt_type: 'sm4_gcm',
          user_cmk_info: {
            cmk_key_id: DEMO_KEY_SM4,
            arn: DEMO_SLS_ROLE_ARN,
            region_id: DEMO_REGION,
          },
        },
      }),
    ]);
  });

  it('creates a Logstore from a queue message as EventBridge streams it', async () => {
    // Prepare: event streaming delivers an array of CloudEvents.
    const event = [
      mnsQueueEvent(JSON.stringify(byokRequest('app-queue')), {
        messageId: 'MSG-0001',
      }),
    ];

    // Act
    const answer = await invoke('provision', event);

    // Assert
    expect(resultOf(answer)).toMatchObject({
      messages: [{ messageId: 'MSG-0001', outcome: 'created', status: 201 }],
    });
    expect(createBodies('app-queue')).toHaveLength(1);
  });
});

describe('the key-health bundle', () => {
  it('finds a disabled key on a timer run and alerts the channel', async () => {
    // Prepare
    cloud.control.seed({
      keys: [
        {
          accountId: DEMO_ACCOUNT_ID,
          region: DEMO_REGION,
          keyId: 'key-off0001',
          keySpec: 'Aliyun_SM4',
          state: 'Disabled',
        },
      ],
      logstores: [
        {
          accountId: DEMO_ACCOUNT_ID,
          project: DEMO_PROJECT,
          logstoreName: 'app-billing',
          encrypt_conf: {
            enable: true,
            encrypt_type: 'sm4_gcm',
            user_cmk_info: {
              cmk_key_id: 'key-off0001',
              arn: DEMO_SLS_ROLE_ARN,
              region_id: DEMO_REGION,
            },
          },
        },
      ],
    });
    const env = {
      KEYGUARD_STATE_DIR: stateDir,
      KEYGUARD_CHANNELS: JSON.stringify([
        {
          name: 'ops',
          type: 'generic',
          url: `${cloud.url}/_sink/generic/ops`,
        },
      ]),
    };

    // Act
    const answer = await invoke(
      'key-health',
      timerEvent('{"minSeverity":"unverified"}'),
      env,
    );

    // Assert
    expect(resultOf(answer)).toMatchObject({
      event: 'key_health.run',
      outcome: 'complete',
      findings: { critical: 1 },
    });
    const sent = cloud.sink.messages({ channel: 'generic' });
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0])).toContain('key-off0001');
  });

  it('re-checks the key an ActionTrail event names', async () => {
    // Prepare: the timer run above left the binding in the state store.
    const event = actionTrailEvent({
      eventId: 'evt-enable-1',
      eventName: 'DisableKey',
      region: DEMO_REGION,
      requestId: 'req-1',
      caller: {
        accountId: DEMO_ACCOUNT_ID,
        accessKeyId: 'LTAI5tLocalDemoKey0001',
        temporary: false,
      },
      keyId: 'key-off0001',
      params: { KeyId: 'key-off0001' },
      at: cloud.clock.now(),
      sourceIpAddress: '127.0.0.1',
      userAgent: 'test',
    });

    // Act
    const answer = await invoke('key-health', event, {
      KEYGUARD_STATE_DIR: stateDir,
    });

    // Assert
    expect(resultOf(answer)).toMatchObject({
      trigger: 'kms_event',
      keys: { checked: 1, critical: 1 },
    });
  });
});
