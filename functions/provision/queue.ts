import { RedeliveryRequested } from '../../shared/fc/redelivery.ts';
import {
  type Answer,
  answerBody,
  failure,
} from '../../shared/provision/answer.ts';
import { logOutcome } from '../../shared/provision/audit.ts';
import { provisionLogstore } from '../../shared/provision/provision.ts';
import type { Delivery } from './deliveries.ts';
import type { Invocation } from './invocation.ts';

/**
 * Queue and direct deliveries. Each message ends in exactly one outcome
 * and one audit line. Permanent outcomes never throw (a redelivery could
 * not succeed); if any message failed transiently, the others are still
 * processed and the invocation then throws so the platform redelivers,
 * which is safe because creation is idempotent.
 */
const outOfTime = (): Answer => ({
  ...failure(
    'unavailable',
    'the invocation ran out of time before this message; it will be retried',
  ),
  retryAfterSeconds: 1,
});

const answerFor = async (
  delivery: Delivery,
  run: Invocation,
  messagesLeft: number,
): Promise<Answer> => {
  const { payload } = delivery;
  if (!payload.ok) return failure(payload.code, payload.reason);
  if (run.deadline.expired()) return outOfTime();
  const logger = run.logger.child({ messageId: delivery.messageId });
  // A fair share of what is left, so one throttled message cannot spend
  // the whole budget and leave the rest of the batch unprocessed.
  const share = run.deadline.child(run.deadline.remainingMs() / messagesLeft);
  const retry = run.retryWithin(share, logger);
  try {
    return await provisionLogstore(payload.value, {
      ...run.core,
      logger,
      retry,
    });
  } catch (error) {
    // A bug will not heal on redelivery: end this message, keep going.
    logger.error({ event: 'provision.internal_error', err: error });
    return failure('internal_error', 'an unexpected error occurred');
  }
};

export interface DeliveryResult {
  readonly messageId: string;
  readonly answer: Answer;
}

export const processDeliveries = async (
  deliveries: readonly Delivery[],
  run: Invocation,
  trigger: string,
): Promise<DeliveryResult[]> => {
  const results: DeliveryResult[] = [];
  // One at a time: messages share the invocation's budget and the
  // account's API rate, and FC runs one request per instance anyway.
  for (const [index, delivery] of deliveries.entries()) {
    const started = run.core.clock.now();
    const answer = await answerFor(delivery, run, deliveries.length - index);
    logOutcome(run.logger, answer, {
      input: delivery.payload.ok ? delivery.payload.value : undefined,
      durationMs: run.core.clock.now() - started,
      trigger,
      messageId: delivery.messageId,
    });
    results.push({ messageId: delivery.messageId, answer });
  }
  const retry = results.filter((r) => r.answer.code === 'unavailable');
  if (retry.length > 0) {
    throw new RedeliveryRequested(
      `${retry.length} of ${results.length} message(s) failed transiently ` +
        `(${retry.map((r) => r.messageId).join(', ')}); retry the delivery`,
    );
  }
  return results;
};

/** What a direct invoke returns: the one answer, as HTTP would show it. */
export const directResult = (result: DeliveryResult, requestId: string) =>
  answerBody(result.answer, requestId);

/** What a queue invocation returns: one line per message. */
export const batchResult = (
  results: readonly DeliveryResult[],
  requestId: string,
) => ({
  requestId,
  messages: results.map(({ messageId, answer }) => ({
    messageId,
    outcome: answer.outcome,
    status: answer.status,
    ...(answer.code === undefined ? {} : { code: answer.code }),
  })),
});
