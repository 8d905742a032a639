import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import type { FcContext, FcHandler } from './context.ts';
import { classifyEvent, type Trigger } from './trigger.ts';

/**
 * A middy 6 pipeline for Function Compute. FC passes a Buffer; the first
 * middleware replaces it with the classified trigger, so the handler and
 * every later middleware see a `Trigger`. middy's timeout plugin stays
 * off by itself: it needs getRemainingTimeInMillis, which FC lacks.
 */
export type FcMiddleware<Result = unknown> = MiddlewareObj<
  Trigger,
  Result,
  Error,
  FcContext
>;

export type FcPipeline<Result> = MiddyfiedHandler<
  Trigger,
  Result,
  Error,
  FcContext
>;

export const decodeTrigger = <Result>(): FcMiddleware<Result> => ({
  name: 'decodeTrigger',
  before: (request) => {
    // The one place the Buffer becomes a Trigger (see the file comment).
    request.event = classifyEvent(request.event as unknown);
  },
});

export const fcPipeline = <Result>(
  handle: (trigger: Trigger, context: FcContext) => Promise<Result>,
): FcPipeline<Result> =>
  middy<Trigger, Result, Error, FcContext>(handle).use(decodeTrigger<Result>());

/** FC calls the pipeline with a Buffer, which `decodeTrigger` turns. */
export const asFcHandler = <Result>(
  pipeline: FcPipeline<Result>,
): FcHandler<Result> => pipeline as unknown as FcHandler<Result>;
