import { type Clock, systemClock } from '../../shared/clock.ts';
import type { FcContext, FcHandler } from '../../shared/fc/context.ts';
import {
  fcAnswers,
  httpBodyLimit,
  httpSignature,
  protectCredentials,
} from '../../shared/fc/middlewares.ts';
import { asFcHandler, fcPipeline } from '../../shared/fc/pipeline.ts';
import type { Trigger } from '../../shared/fc/trigger.ts';
import {
  type DeliveryMemory,
  memoryDeliveries,
} from '../../shared/fc/webhook-deliveries.ts';
import { deliveriesOf } from './deliveries.ts';
import { type ProvisionHandlerDeps, startInvocation } from './invocation.ts';
import { batchResult, directResult, processDeliveries } from './queue.ts';
import { routeHttp } from './routes.ts';

/**
 * The provisioning function as a middy 6 pipeline: decode the FC event,
 * guard HTTP requests, run the core, shape the answer. Everything it
 * needs comes in through `deps`, so tests and `npm start` build their own.
 */
export interface ProvisionPipelineDeps extends ProvisionHandlerDeps {
  /** Webhook messages seen by this instance; one per handler by default. */
  readonly deliveries?: DeliveryMemory;
  /** Real time for webhook signatures, apart from `clock`, which the local
   * cloud moves; the system clock by default. */
  readonly wallClock?: Clock;
}

export const createProvisionHandler = (
  deps: ProvisionPipelineDeps,
): FcHandler<unknown> => {
  const handle = async (trigger: Trigger, context: FcContext) => {
    const run = startInvocation(deps, context);
    if (trigger.kind === 'http') return routeHttp(trigger.request, run);
    const deliveries = deliveriesOf(trigger, context.requestId);
    const results = await processDeliveries(deliveries, run, trigger.kind);
    const only = results[0];
    return trigger.kind === 'direct' && only !== undefined
      ? directResult(only, context.requestId)
      : batchResult(results, context.requestId);
  };
  const pipeline = fcPipeline<unknown>(handle)
    .use(protectCredentials())
    .use(fcAnswers(deps.logger))
    .use(httpBodyLimit())
    .use(
      httpSignature({
        secrets: deps.config.webhookSecrets,
        wallClock: deps.wallClock ?? systemClock,
        deliveries: deps.deliveries ?? memoryDeliveries(),
        logger: deps.logger,
      }),
    );
  return asFcHandler(pipeline);
};
