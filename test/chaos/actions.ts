import { Webhook } from 'standardwebhooks';
import {
  httpTriggerEvent,
  invokeFunction,
  mnsQueueEvent,
  timerEvent,
} from '../../emulator/fc-runtime.ts';
import { sleep } from '../../shared/clock.ts';
import type { RunSummary } from '../../shared/health/summary.ts';
import { KEYS, keyTruth } from './keys.ts';
import type {
  HttpRecord,
  KeyHealthRecord,
  Ledger,
  QueueInvocation,
} from './ledger.ts';
import type { Dice } from './pick.ts';
import { bodyOf } from './requests.ts';
import { PROVISION_WEBHOOK_SECRET, type World } from './world.ts';

/**
 * The chaos run's operations, each as FC would invoke the function: an
 * HTTP trigger event (signed with Standard Webhooks headers, retried by
 * the caller on 503 as a client would), a batch of queue CloudEvents, a
 * key-health run on its timer or on ActionTrail events.
 */
let serial = 0;
const nextId = (prefix: string) => `${prefix}-${(++serial).toString(36)}`;

const HTTP_ATTEMPTS = 3;

export const sendHttp = async (
  world: World,
  ledger: Ledger,
  record: HttpRecord,
  instance: number,
): Promise<void> => {
  const text = JSON.stringify(bodyOf(record.spec));
  const webhook = new Webhook(PROVISION_WEBHOOK_SECRET);
  for (let attempt = 1; attempt <= HTTP_ATTEMPTS; attempt++) {
    const id = nextId('webhook');
    // Senders stamp with real time, whatever the local cloud's clock says.
    const at = new Date(Math.floor(Date.now() / 1000) * 1000);
    const requestId = nextId('http');
    const answer = (await invokeFunction(
      world.provision[instance % world.provision.length] as never,
      httpTriggerEvent({
        method: 'POST',
        path: '/logstores',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(at.getTime() / 1000),
          'webhook-signature': webhook.sign(id, at, text),
        },
        body: text,
      }),
      world.contextFor('provision', requestId),
    )) as { statusCode: number; body: string };
    ledger.operations += 1;
    record.answers.push({
      requestId,
      status: answer.statusCode,
      body: JSON.parse(answer.body) as Record<string, unknown>,
    });
    if (answer.statusCode !== 503) return;
    await sleep(20);
  }
};

/** One queue invocation; a batch that throws is owed a redelivery. */
export const deliverBatch = async (
  world: World,
  ledger: Ledger,
  messageIds: readonly string[],
  instance: number,
  dice: Dice,
): Promise<void> => {
  const events = messageIds.map((messageId) => {
    const message = ledger.messages.get(messageId);
    if (message === undefined) throw new Error(`no message ${messageId}`);
    return mnsQueueEvent(message.text, { messageId, base64: dice.chance(0.7) });
  });
  const requestId = nextId('queue');
  let invocation: QueueInvocation;
  try {
    const result = await invokeFunction(
      world.provision[instance % world.provision.length] as never,
      events.length === 1 && dice.chance(0.5) ? events[0] : events,
      world.contextFor('provision', requestId),
    );
    invocation = {
      requestId,
      messageIds,
      result: result as QueueInvocation['result'] & object,
      threw: false,
    };
  } catch {
    invocation = { requestId, messageIds, threw: true };
    ledger.owed.push([...messageIds]);
  }
  ledger.operations += messageIds.length;
  ledger.invocations.push(invocation);
};

const lastLogSeq = (world: World): number =>
  world.cloud.control.requests().at(-1)?.seq ?? 0;
const lastSinkSeq = (world: World): number =>
  world.cloud.sink.messages().at(-1)?.seq ?? 0;

/** Keys of Logstores that exist now, BYOK ones only. */
export const boundKeys = (world: World): string[] => {
  const keys = new Set<string>();
  for (const logstore of world.cloud.sls.snapshot().logstores) {
    const conf = logstore.fields.encrypt_conf as
      | { user_cmk_info?: { cmk_key_id?: string } }
      | undefined;
    const keyId = conf?.user_cmk_info?.cmk_key_id;
    if (keyId !== undefined) keys.add(keyId);
  }
  return [...keys].sort();
};

export const runKeyHealth = async (
  world: World,
  ledger: Ledger,
  event: 'timer' | readonly unknown[],
  options: { readonly clean: boolean; readonly coldStart: boolean },
): Promise<void> => {
  const requestId = nextId('health');
  const logAfter = lastLogSeq(world);
  const sinkAfter = lastSinkSeq(world);
  const bound = boundKeys(world);
  let summary: RunSummary | undefined;
  try {
    summary = await invokeFunction(
      world.keyHealth(options.coldStart),
      event === 'timer' ? timerEvent('') : event,
      world.contextFor('key-health', requestId),
    );
  } catch {
    summary = undefined;
  }
  ledger.operations += 1;
  const record: KeyHealthRecord = {
    requestId,
    kind: event === 'timer' ? 'timer' : 'events',
    ...(summary === undefined ? {} : { summary }),
    threw: summary === undefined,
    logAfter,
    logUpTo: lastLogSeq(world),
    sinkAfter,
    sinkUpTo: lastSinkSeq(world),
    truth: Object.fromEntries(
      KEYS.map((key) => [key.keyId, keyTruth(world.cloud, key.keyId)]),
    ),
    boundKeys: bound,
    clean: options.clean,
  };
  ledger.runs.push(record);
};
