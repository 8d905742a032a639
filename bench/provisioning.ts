import { pino } from 'pino';
import { DEMO_ACCESS_KEY } from '../emulator/demo.ts';
import {
  httpTriggerEvent,
  invokeFunction,
  mnsQueueEvent,
} from '../emulator/fc-runtime.ts';
import { vendorClients } from '../functions/provision/clients.ts';
import { createProvisionHandler } from '../functions/provision/pipeline.ts';
import { seededRandom, systemClock } from '../shared/clock.ts';
import { parseProvisionConfig } from '../shared/config/provision.ts';
import type { FcHandler } from '../shared/fc/context.ts';
import { installLocalDns } from '../shared/local-dns.ts';
import { createLogger } from '../shared/logging.ts';
import { type BareRequest, bareClients } from './bare-calls.ts';
import { median } from './stats.ts';

/**
 * Provisioning's overhead: new BYOK Logstores through the whole handler
 * (decode, validate, policy, read, check the key, create, read back)
 * against the same four calls sent bare with the SDKs, in alternating
 * blocks, with no injected latency. Then one queue invocation carrying a
 * batch of messages, against the same number of bare provisionings.
 */
export interface ProvisioningSetup {
  readonly port: number;
  readonly region: string;
  readonly keyId: string;
  readonly roleArn: string;
  /** Projects to spread Logstores over (200 each at most). */
  readonly projects: readonly string[];
  readonly blocks: number;
  readonly blockSize: number;
  readonly batchSize: number;
}

export interface ProvisioningFigures {
  readonly requests: number;
  readonly handlerMedianMs: number;
  readonly bareMedianMs: number;
  readonly handlerCpuMsPerCall: number;
  readonly bareCpuMsPerCall: number;
  readonly batchMs: number;
  readonly bareBatchMs: number;
  readonly batchSize: number;
}

const CALLS_PER_REQUEST = 4;

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1_000;
};

export const measureProvisioning = async (
  setup: ProvisioningSetup,
): Promise<ProvisioningFigures> => {
  installLocalDns();
  const env = {
    KEYGUARD_MODE: 'local',
    KEYGUARD_LOCAL_PORT: String(setup.port),
    KEYGUARD_REGION: setup.region,
  };
  const config = parseProvisionConfig(env);
  // Lines are written as FC would, to a file descriptor, and thrown away.
  const logger = createLogger({
    destination: pino.destination({ dest: '/dev/null', sync: true }),
  });
  const handler: FcHandler<unknown> = createProvisionHandler({
    config,
    clock: systemClock,
    random: seededRandom(3),
    logger,
    makeClients: vendorClients(config.common),
  });
  const bare = bareClients(setup.port, setup.region);
  const context = { credentials: DEMO_ACCESS_KEY, timeout: 60 };

  let serial = 0;
  const nextRequest = (kind: string): BareRequest => {
    const index = serial++;
    const project =
      setup.projects[Math.floor(index / 150) % setup.projects.length];
    if (project === undefined) throw new Error('no projects to fill');
    return {
      project,
      logstoreName: `${kind}-${String(index).padStart(5, '0')}`,
      keyId: setup.keyId,
      roleArn: setup.roleArn,
      region: setup.region,
    };
  };
  const body = (request: BareRequest) =>
    JSON.stringify({
      project: request.project,
      logstoreName: request.logstoreName,
      ttl: 30,
      shardCount: 2,
      encrypt_conf: {
        enable: true,
        encrypt_type: 'default',
        user_cmk_info: {
          cmk_key_id: request.keyId,
          arn: request.roleArn,
          region_id: request.region,
        },
      },
    });
  const viaHandler = async (request: BareRequest) => {
    const answer = (await invokeFunction(
      handler,
      httpTriggerEvent({
        method: 'POST',
        path: '/logstores',
        headers: { 'content-type': 'application/json' },
        body: body(request),
      }),
      context,
    )) as { statusCode: number; body: string };
    if (answer.statusCode !== 201) {
      throw new Error(
        `the handler answered ${answer.statusCode}: ${answer.body}`,
      );
    }
  };

  const handlerTimes: number[] = [];
  const bareTimes: number[] = [];
  let handlerCpu = 0;
  let bareCpu = 0;
  // One untimed request each warms the connection pools and JIT.
  await viaHandler(nextRequest('warm'));
  await bare.provision(nextRequest('warm'));
  for (let block = 0; block < setup.blocks; block++) {
    const order = block % 2 === 0 ? ['handler', 'bare'] : ['bare', 'handler'];
    for (const kind of order) {
      const cpu = process.cpuUsage();
      for (let i = 0; i < setup.blockSize; i++) {
        const request = nextRequest(kind);
        const started = performance.now();
        if (kind === 'handler') await viaHandler(request);
        else await bare.provision(request);
        const elapsed = performance.now() - started;
        (kind === 'handler' ? handlerTimes : bareTimes).push(elapsed);
      }
      if (kind === 'handler') handlerCpu += cpuMs(cpu);
      else bareCpu += cpuMs(cpu);
    }
  }

  const messages = Array.from({ length: setup.batchSize }, () =>
    mnsQueueEvent(body(nextRequest('queued'))),
  );
  let started = performance.now();
  const result = (await invokeFunction(handler, messages, context)) as {
    messages: { outcome: string }[];
  };
  const batchMs = performance.now() - started;
  const created = result.messages.filter((m) => m.outcome === 'created');
  if (created.length !== setup.batchSize) {
    throw new Error(`the batch created ${created.length} Logstores`);
  }
  started = performance.now();
  for (let i = 0; i < setup.batchSize; i++) {
    await bare.provision(nextRequest('bare-batch'));
  }
  const bareBatchMs = performance.now() - started;

  const requests = setup.blocks * setup.blockSize;
  return {
    requests,
    handlerMedianMs: median(handlerTimes),
    bareMedianMs: median(bareTimes),
    handlerCpuMsPerCall: handlerCpu / (requests * CALLS_PER_REQUEST),
    bareCpuMsPerCall: bareCpu / (requests * CALLS_PER_REQUEST),
    batchMs,
    bareBatchMs,
    batchSize: setup.batchSize,
  };
};
