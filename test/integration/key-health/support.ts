import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import KmsSdk from '@alicloud/kms20160120';
import { Config as RpcConfig } from '@alicloud/rpc-client';
import { DEMO_ACCESS_KEY, DEMO_REGION } from '../../../emulator/demo.ts';
import { invokeFunction, timerEvent } from '../../../emulator/fc-runtime.ts';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
import type { CloudEvent } from '../../../emulator/types.ts';
import { createKeyHealthHandler } from '../../../functions/key-health/pipeline.ts';
import { seededRandom } from '../../../shared/clock.ts';
import { parseKeyHealthConfig } from '../../../shared/config/key-health.ts';
import type { RunSummary } from '../../../shared/health/summary.ts';
import { createLogger, memoryDestination } from '../../../shared/logging.ts';

/**
 * A local cloud, a state directory and the key-health handler wired to
 * both, as FC would run it: Buffer events, the invocation context, the
 * real SDKs over real HTTP, and the sink as every channel's endpoint.
 */
export const ROLE = 'acs:ram::1111222233334444:role/sls-byok-demo';

const KmsClient = (KmsSdk.default ?? KmsSdk) as typeof KmsSdk.default;

export const kmsAdmin = (cloud: LocalCloud, region = DEMO_REGION) =>
  new KmsClient(
    new RpcConfig({
      ...DEMO_ACCESS_KEY,
      endpoint: `kms.${region}.localhost:${cloud.port}`,
      protocol: 'http',
      regionId: region,
    }),
  );

export const sinkChannels = (cloud: LocalCloud) => [
  {
    name: 'ops-dingtalk',
    type: 'dingtalk',
    url: `${cloud.url}/_sink/dingtalk/robot/send?access_token=dt-token-1`,
  },
  {
    name: 'ops-slack',
    type: 'slack',
    url: `${cloud.url}/_sink/slack/services/T000/B000/slack-token-1`,
  },
];

/** One channel of each type, for cases that say "each channel". */
export const everySinkChannel = (cloud: LocalCloud) => [
  ...sinkChannels(cloud),
  {
    name: 'ops-feishu',
    type: 'feishu',
    url: `${cloud.url}/_sink/feishu/open-apis/bot/v2/hook/feishu-token-1`,
  },
  {
    name: 'ops-wecom',
    type: 'wecom',
    url: `${cloud.url}/_sink/wecom/cgi-bin/webhook/send?key=wecom-key-1`,
  },
  {
    name: 'ops-generic',
    type: 'generic',
    url: `${cloud.url}/_sink/generic/generic-hook-1`,
  },
];

export const byok = (
  project: string,
  logstoreName: string,
  keyId: string,
  region: string = DEMO_REGION,
) => ({
  project,
  logstoreName,
  encrypt_conf: {
    enable: true,
    encrypt_type: 'default',
    user_cmk_info: { cmk_key_id: keyId, arn: ROLE, region_id: region },
  },
});

export interface Harness {
  readonly cloud: LocalCloud;
  readonly stateDir: string;
  readonly logs: ReturnType<typeof memoryDestination>;
  /** Builds a fresh handler (a cold start) and invokes it once. */
  run(event?: unknown, options?: { timeout?: number }): Promise<RunSummary>;
  /** One warm handler, invoked as often as the caller likes. */
  warm(): (event?: unknown) => Promise<RunSummary>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly channels?: (cloud: LocalCloud) => readonly object[];
}

export const startHarness = async (
  options: HarnessOptions = {},
): Promise<Harness> => {
  const cloud = await startLocalCloud({ port: 0, randomSeed: 7 });
  const stateDir = await mkdtemp(path.join(tmpdir(), 'keyguard-kh-'));
  const logs = memoryDestination();
  const env = {
    KEYGUARD_MODE: 'local',
    KEYGUARD_LOCAL_PORT: String(cloud.port),
    KEYGUARD_STATE_DIR: stateDir,
    KEYGUARD_CHANNELS: JSON.stringify(
      (options.channels ?? sinkChannels)(cloud),
    ),
    KEYGUARD_CALL_TIMEOUT_MS: '1000',
    ...options.env,
  };
  const random = seededRandom(11);
  const handler = () =>
    createKeyHealthHandler({
      config: parseKeyHealthConfig(env),
      clock: cloud.clock,
      random,
      logger: createLogger({ destination: logs, level: 'debug' }),
      env: {},
    });
  const invoke = (
    fn: ReturnType<typeof handler>,
    event: unknown = timerEvent(''),
    timeout = 30,
  ) => invokeFunction(fn, event, { credentials: DEMO_ACCESS_KEY, timeout });
  return {
    cloud,
    stateDir,
    logs,
    run: (event, runOptions = {}) =>
      invoke(handler(), event, runOptions.timeout),
    warm: () => {
      const fn = handler();
      return (event) => invoke(fn, event);
    },
    async close() {
      await cloud.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
};

/**
 * Makes DescribeKey answer with this KeyMetadata, as KMS would: for key
 * states and values the local cloud never holds on its own.
 */
export const answerDescribeKey = (
  cloud: LocalCloud,
  keyMetadata: Record<string, string>,
): void => {
  cloud.control.faults.add({
    service: 'kms',
    operation: 'DescribeKey',
    action: {
      kind: 'reply',
      status: 200,
      body: JSON.stringify({ RequestId: 'r-1', KeyMetadata: keyMetadata }),
    },
  });
};

/**
 * The local cloud standing in for EventBridge: each KMS write it serves
 * becomes an invocation of key-health with that CloudEvent.
 */
export interface EventRuns {
  /** Every event published since `eventRuns` was called. */
  readonly events: readonly CloudEvent[];
  /** The summary of the next run an event started, in order. */
  next(): Promise<RunSummary>;
  /** Stops listening and waits for the runs still going. */
  stop(): Promise<void>;
}

export const eventRuns = (h: Harness): EventRuns => {
  const events: CloudEvent[] = [];
  const runs: Promise<RunSummary>[] = [];
  const started: Promise<RunSummary>[] = [];
  const unsubscribe = h.cloud.events.subscribe((event: CloudEvent) => {
    events.push(event);
    const run = h.run(event);
    runs.push(run);
    started.push(run);
  });
  return {
    events,
    async next() {
      for (let i = 0; i < 200 && runs.length === 0; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const run = runs.shift();
      if (run === undefined) throw new Error('no event reached key-health');
      return run;
    },
    async stop() {
      unsubscribe();
      await Promise.allSettled(started);
    },
  };
};
