import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import KmsSdk, {
  DisableKeyRequest,
  EnableKeyRequest,
} from '@alicloud/kms20160120';
import { Config as RpcConfig } from '@alicloud/rpc-client';
import {
  DEMO_ACCESS_KEY,
  DEMO_KEY_AES,
  DEMO_REGION,
} from '../emulator/demo.ts';
import { startLocalCloud } from '../emulator/local-cloud.ts';
import { serveLocalFunctions } from '../scripts/local-functions.ts';
import { localStackEnv, seedDemoLogstores } from '../scripts/local-stack.ts';
import { sleep } from '../shared/clock.ts';
import { noticesOf } from '../test/chaos/sink-notices.ts';

/**
 * Time to alert on the local stack, wired as `npm start` wires it: a key
 * is disabled with the KMS SDK, the local cloud publishes the ActionTrail
 * event, key-health runs on it and alerts every channel of the webhook
 * sink. Measured from just before DisableKey to the moment the last
 * channel received the alert; the key is then enabled again and the
 * resolved notices awaited before the next sample. Prints one JSON line.
 *
 *   node --import tsx bench/alert-probe.ts <samples> <timerSeconds>
 */
export interface AlertProbeResult {
  /** ms to the first channel and to the last, per sample. */
  readonly firstMs: number[];
  readonly allMs: number[];
  readonly channels: number;
  readonly timerSeconds: number;
}

const samples = Number(process.argv[2] ?? 10);
const timerSeconds = Number(process.argv[3] ?? 60);
const KmsClient = (KmsSdk.default ?? KmsSdk) as typeof KmsSdk.default;

/** Two free consecutive ports: the trigger's and the gateway's. */
const freePortPair = async (): Promise<number> => {
  const listen = (port: number) =>
    new Promise<net.Server | undefined>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(undefined));
      server.listen(port, '127.0.0.1', () => resolve(server));
    });
  for (let tries = 0; tries < 50; tries++) {
    const first = await listen(0);
    if (first === undefined) continue;
    const port = (first.address() as net.AddressInfo).port;
    const second = await listen(port + 1);
    await new Promise((resolve) => first.close(resolve));
    if (second === undefined) continue;
    await new Promise((resolve) => second.close(resolve));
    return port;
  }
  throw new Error('no two free consecutive ports');
};

const cloud = await startLocalCloud({ port: 0, randomSeed: 5 });
seedDemoLogstores(cloud);
const stateDir = await mkdtemp(path.join(tmpdir(), 'keyguard-alert-'));
Object.assign(process.env, localStackEnv(cloud), {
  KEYGUARD_STATE_DIR: stateDir,
  KEYGUARD_LOG_LEVEL: 'silent',
});
const stack = await serveLocalFunctions(cloud, {
  provisionPort: await freePortPair(),
  timerSeconds,
});
// Queued behind the start-up timer run, so this returns once it is done.
await fetch(`${stack.gatewayUrl}/invoke/key-health`, {
  method: 'POST',
  body: '{}',
});

const kms = new KmsClient(
  new RpcConfig({
    ...DEMO_ACCESS_KEY,
    endpoint: `kms.${DEMO_REGION}.localhost:${cloud.port}`,
    protocol: 'http',
    regionId: DEMO_REGION,
  }),
);
const CHANNELS = 5;

/** Waits until every channel got a notice of this status for the key. */
const arrivals = async (
  afterSeq: number,
  status: 'firing' | 'resolved',
): Promise<number[]> => {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const seen = new Map<string, number>();
    for (const message of cloud.sink.messages()) {
      if (message.seq <= afterSeq || !message.accepted) continue;
      const about = noticesOf(message).some(
        (n) => n.subject === `key:${DEMO_KEY_AES}` && n.status === status,
      );
      if (about && !seen.has(message.channel)) {
        seen.set(message.channel, message.receivedAt);
      }
    }
    if (seen.size === CHANNELS) return [...seen.values()];
    if (Date.now() > deadline) {
      const got = [...seen.keys()].join(', ') || 'no channel';
      throw new Error(`${status} alert reached only ${got} in 60 s`);
    }
    await sleep(2);
  }
};

const lastSeq = () => cloud.sink.messages().at(-1)?.seq ?? 0;
const firstMs: number[] = [];
const allMs: number[] = [];
for (let i = 0; i < samples; i++) {
  let seq = lastSeq();
  const started = cloud.clock.now();
  await kms.disableKey(new DisableKeyRequest({ keyId: DEMO_KEY_AES }));
  const times = await arrivals(seq, 'firing');
  firstMs.push(Math.min(...times) - started);
  allMs.push(Math.max(...times) - started);
  seq = lastSeq();
  await kms.enableKey(new EnableKeyRequest({ keyId: DEMO_KEY_AES }));
  await arrivals(seq, 'resolved');
}

await stack.close();
await cloud.close();
await rm(stateDir, { recursive: true, force: true });
const result: AlertProbeResult = {
  firstMs,
  allMs,
  channels: CHANNELS,
  timerSeconds,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
