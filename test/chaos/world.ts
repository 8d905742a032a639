import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_ACCESS_KEY, DEMO_ACCOUNT_ID } from '../../emulator/demo.ts';
import type { InvokeOptions } from '../../emulator/fc-runtime.ts';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../emulator/local-cloud.ts';
import type { CloudEvent } from '../../emulator/types.ts';
import { createKeyHealthHandler } from '../../functions/key-health/pipeline.ts';
import { vendorClients } from '../../functions/provision/clients.ts';
import { createProvisionHandler } from '../../functions/provision/pipeline.ts';
import {
  DEMO_ROBOTS,
  localStackEnv,
  seedDemoLogstores,
} from '../../scripts/local-stack.ts';
import { seededRandom } from '../../shared/clock.ts';
import { parseKeyHealthConfig } from '../../shared/config/key-health.ts';
import { parseProvisionConfig } from '../../shared/config/provision.ts';
import type { FcHandler } from '../../shared/fc/context.ts';
import type { RunSummary } from '../../shared/health/summary.ts';
import { createLogger, memoryDestination } from '../../shared/logging.ts';
import { ACCOUNT, chaosKeySeeds, REGION } from './keys.ts';
import { bodyOf, PROJECTS } from './requests.ts';

/**
 * One chaos run's world: a local cloud seeded from the run's seed, both
 * functions wired as scripts/local-functions.ts wires them (the local
 * stack's environment and channels, the cloud's clock, fresh STS
 * credentials per invocation), every log line captured in memory, and
 * every secret the run hands out remembered as a canary.
 */
export const PROVISION_WEBHOOK_SECRET = `whsec_${Buffer.from(
  'keyguard-chaos-provision-webhook-secret',
).toString('base64')}`;

export interface World {
  readonly cloud: LocalCloud;
  readonly logs: ReturnType<typeof memoryDestination>;
  /** Values that must never appear in a log line. */
  readonly canaries: Set<string>;
  /** Two warm instances of the provisioning function. */
  readonly provision: readonly FcHandler<unknown>[];
  /** The key-health instance; a cold start builds a new one. */
  keyHealth(coldStart: boolean): FcHandler<RunSummary>;
  /** FC's context for one invocation, with fresh STS credentials. */
  contextFor(
    name: 'provision' | 'key-health',
    requestId: string,
  ): InvokeOptions;
  /** ActionTrail events the cloud published, not yet handed on. */
  readonly events: CloudEvent[];
  close(): Promise<void>;
}

// A hang ends by the client's own timeout; 600 ms keeps a run short.
const CALL_TIMEOUT_MS = '600';

export const createWorld = async (seed: number): Promise<World> => {
  const cloud = await startLocalCloud({ port: 0, randomSeed: seed });
  seedDemoLogstores(cloud);
  const now = cloud.clock.now();
  const expiryDays = 16 + (seed % 9);
  cloud.control.seed({
    projects: PROJECTS.map((name) => ({ name, region: REGION })),
    keys: chaosKeySeeds(now, expiryDays),
    logstores: [
      ['chaos-a', 'base-aes1', 'key-chaos-aes1', 'aes_gcm'],
      ['chaos-a', 'base-ext', 'key-chaos-ext', 'default'],
      ['chaos-b', 'base-sm4', 'key-chaos-sm4', 'sm4_gcm'],
    ].map(([project, name, keyId, type]) => ({
      accountId: ACCOUNT,
      ...bodyOf({
        project: project as string,
        logstoreName: name as string,
        encryption: { encryptType: type as string, keyId: keyId as string },
      }),
    })) as never,
  });
  const stateDir = await mkdtemp(path.join(tmpdir(), 'keyguard-chaos-'));
  const env = {
    ...localStackEnv(cloud),
    KEYGUARD_STATE_DIR: stateDir,
    KEYGUARD_CALL_TIMEOUT_MS: CALL_TIMEOUT_MS,
    PROVISION_WEBHOOK_SECRETS: PROVISION_WEBHOOK_SECRET,
  };
  const logs = memoryDestination();
  const logger = createLogger({ destination: logs, level: 'debug' });
  const random = seededRandom(seed ^ 0x5eed);
  const provisionConfig = parseProvisionConfig(env);
  const provision = [0, 1].map(() =>
    createProvisionHandler({
      config: provisionConfig,
      clock: cloud.clock,
      random,
      logger,
      makeClients: vendorClients(provisionConfig.common),
    }),
  );
  const buildKeyHealth = () =>
    createKeyHealthHandler({
      config: parseKeyHealthConfig(env),
      clock: cloud.clock,
      random,
      logger,
      env: {},
    });
  let keyHealth = buildKeyHealth();

  const canaries = new Set<string>([
    DEMO_ACCESS_KEY.accessKeySecret,
    PROVISION_WEBHOOK_SECRET,
    PROVISION_WEBHOOK_SECRET.slice('whsec_'.length),
    DEMO_ROBOTS.dingtalk.token,
    DEMO_ROBOTS.dingtalk.secret,
    DEMO_ROBOTS.feishu.token,
    DEMO_ROBOTS.feishu.secret,
    DEMO_ROBOTS.wecom.token,
    DEMO_ROBOTS.slack.token,
    'c0ffee0slack0token',
    DEMO_ROBOTS.generic.secret,
    DEMO_ROBOTS.generic.secret.slice('whsec_'.length),
  ]);
  const events: CloudEvent[] = [];
  const unsubscribe = cloud.events.subscribe((event) => {
    events.push(event);
  });

  return {
    cloud,
    logs,
    canaries,
    provision,
    keyHealth(coldStart) {
      if (coldStart) keyHealth = buildKeyHealth();
      return keyHealth;
    },
    contextFor(name, requestId) {
      const credentials = cloud.control.issueStsToken(
        DEMO_ACCOUNT_ID,
        3_600_000,
      );
      canaries.add(credentials.accessKeySecret);
      canaries.add(credentials.securityToken);
      return {
        credentials,
        functionName: `keyguard-${name}`,
        timeout: name === 'provision' ? 60 : 300,
        region: REGION,
        accountId: DEMO_ACCOUNT_ID,
        requestId,
      };
    },
    events,
    async close() {
      unsubscribe();
      await cloud.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
};
