import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_ACCOUNT_ID, DEMO_REGION, demoRequest } from '../emulator/demo.ts';
import {
  fcContext,
  httpTriggerEvent,
  timerEvent,
} from '../emulator/fc-runtime.ts';
import { type LocalCloud, startLocalCloud } from '../emulator/local-cloud.ts';
import type { BuiltFunction } from './build.ts';
import type { FunctionName } from './bundle.ts';
import { unpackZip } from './deployment-zip.ts';
import { type BundleAnswer, invokeBundle } from './invoke-bundle.ts';

/**
 * The last step of `npm run build`: each deployment zip is unpacked
 * outside the repository, loaded by a plain Node process, and invoked
 * with a real-shaped event against a fresh local cloud. A bundle that
 * cannot load (a missing module, a native addon) or that answers wrongly
 * fails the build before it can be deployed.
 */
export interface Verification {
  readonly event: unknown;
  /** The function's environment, besides what points it at the cloud. */
  readonly env: Readonly<Record<string, string>>;
  readonly functionName: string;
  /** Seconds, as s.yaml sets them. */
  readonly timeout: number;
  /** Throws when the answer is not what a healthy bundle gives. */
  check(answer: BundleAnswer, cloud: LocalCloud): void;
}

/** What points a bundle at the local cloud, as a deployment would. */
export const localEnvironment = (
  cloud: LocalCloud,
): Record<string, string> => ({
  KEYGUARD_MODE: 'local',
  KEYGUARD_LOCAL_PORT: String(cloud.port),
  KEYGUARD_REGION: DEMO_REGION,
  FC_REGION: DEMO_REGION,
  KEYGUARD_LOG_LEVEL: 'warn',
});

const resultOf = (answer: BundleAnswer): unknown => {
  if (answer.error !== undefined) {
    throw new Error(`the handler failed: ${answer.error}\n${answer.output}`);
  }

  return answer.result;
};

const provisionCheck = (logstoreName: string): Verification => ({
  functionName: 'keyguard-provision',
  timeout: 60,
  env: {},
  event: httpTriggerEvent({
    method: 'POST',
    path: '/logstores',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(demoRequest(logstoreName)),
  }),
  check(answer, cloud) {
    const reply = resultOf(answer) as { statusCode?: number };
    if (reply.statusCode !== 201) {
      throw new Error(
        `provision answered ${JSON.stringify(reply)}, not 201\n` +
          answer.output,
      );
    }
    const created = cloud.control.requests({
      service: 'sls',
      operation: 'CreateLogStore',
    });
    if (created.length !== 1) {
      throw new Error('provision answered 201 without one CreateLogStore');
    }
  },
});

const keyHealthCheck = (stateDir: string): Verification => ({
  functionName: 'keyguard-key-health',
  timeout: 300,
  env: { KEYGUARD_STATE_DIR: stateDir },
  event: timerEvent('{"minSeverity":"unverified"}'),
  check(answer, cloud) {
    const summary = resultOf(answer) as { event?: string; outcome?: string };
    if (summary?.event !== 'key_health.run' || summary.outcome !== 'complete') {
      throw new Error(
        `key-health answered ${JSON.stringify(summary)}\n${answer.output}`,
      );
    }
    if (cloud.control.requests({ service: 'sls' }).length === 0) {
      throw new Error('key-health completed a run without asking SLS');
    }
  },
});

export const verificationFor = (
  name: FunctionName,
  scratch: string,
): Verification =>
  name === 'provision'
    ? provisionCheck(`build-check-${Date.now().toString(36)}`)
    : keyHealthCheck(path.join(scratch, 'state'));

/** Unpacks, loads and invokes one built function; returns its answer. */
export const runVerification = async (
  built: BuiltFunction,
  cloud: LocalCloud,
  verification: Verification,
): Promise<BundleAnswer> => {
  const dir = await unpackZip(built.zipPath);
  try {
    const credentials = cloud.control.issueStsToken(DEMO_ACCOUNT_ID, 900_000);
    return await invokeBundle(dir, {
      event: verification.event,
      context: fcContext({
        credentials: {
          accessKeyId: credentials.accessKeyId,
          accessKeySecret: credentials.accessKeySecret,
          securityToken: credentials.securityToken,
        },
        functionName: verification.functionName,
        timeout: verification.timeout,
        region: DEMO_REGION,
        accountId: DEMO_ACCOUNT_ID,
      }),
      env: { ...localEnvironment(cloud), ...verification.env },
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};

export const verifyBuiltFunctions = async (
  built: readonly BuiltFunction[],
): Promise<string[]> => {
  const lines: string[] = [];
  for (const fn of built) {
    const cloud = await startLocalCloud({ port: 0 });
    const scratch = await mkdtemp(path.join(tmpdir(), 'keyguard-verify-'));
    try {
      const verification = verificationFor(fn.name, scratch);
      const answer = await runVerification(fn, cloud, verification);
      verification.check(answer, cloud);
      lines.push(`${fn.name.padEnd(12)} loads and answers a local invocation`);
    } finally {
      await cloud.close();
      await rm(scratch, { recursive: true, force: true });
    }
  }

  return lines;
};
