import type { Clock } from '../clock.ts';
import type { Logger } from '../logging.ts';
import { registerCredentials } from '../secrets.ts';
import {
  asFcHttpResponse,
  errorReply,
  forMethod,
  type HttpReply,
  internalErrorReply,
  isHttpReply,
  toFcHttpResponse,
} from './http-answer.ts';
import type { FcMiddleware } from './pipeline.ts';
import { RedeliveryRequested } from './redelivery.ts';
import {
  type DeliveryMemory,
  isFinalStatus,
  requestFingerprint,
} from './webhook-deliveries.ts';
import { verifyWebhookSignature } from './webhook-signature.ts';

/**
 * The middlewares both functions share. Each does one thing; the order in
 * a pipeline is: secrets first, then answers, then the HTTP guards.
 */

/** Registers the invocation's credentials before anything can log them. */
export const protectCredentials = (): FcMiddleware => ({
  name: 'protectCredentials',
  before: ({ context }) => {
    registerCredentials(
      context.credentials?.accessKeySecret,
      context.credentials?.securityToken,
    );
  },
});

/**
 * HTTP triggers: turns the handler's `HttpReply` into FC's response, and
 * any unexpected error into a 500 with only a code and the request id
 * (the error itself goes to the log). Other triggers: logs the error and
 * throws one whose message names no internals, so the platform retries.
 */
export const fcAnswers = (logger: Logger): FcMiddleware => ({
  name: 'fcAnswers',
  after: (request) => {
    const { event } = request;
    if (event.kind === 'http' && isHttpReply(request.response)) {
      request.response = forMethod(
        toFcHttpResponse(request.response),
        event.request.method,
      );
    }
  },
  onError: (request) => {
    const requestId = request.context.requestId;
    if (request.error instanceof RedeliveryRequested) {
      logger.warn({
        event: 'invocation.redelivery_requested',
        requestId,
        trigger: request.event?.kind,
        reason: request.error.message,
      });
      throw request.error;
    }
    logger.error({
      event: 'invocation.error',
      requestId,
      trigger: request.event?.kind,
      err: request.error,
    });
    if (request.event?.kind === 'http') {
      request.response = forMethod(
        toFcHttpResponse(internalErrorReply(requestId)),
        request.event.request.method,
      );
      return;
    }
    throw new Error(`invocation ${requestId} failed; see the log`);
  },
});

export const MAX_BODY_BYTES = 64 * 1024;

/** HTTP only: refuses bodies over the limit before reading them. */
export const httpBodyLimit = (
  maxBytes: number = MAX_BODY_BYTES,
): FcMiddleware => ({
  name: 'httpBodyLimit',
  before: ({ event, context }) => {
    if (event.kind !== 'http' || event.request.body.length <= maxBytes) {
      return undefined;
    }
    return toFcHttpResponse(
      errorReply(413, context.requestId, {
        outcome: 'invalid',
        code: 'body_too_large',
        message: `the body is over ${maxBytes} bytes`,
      }),
    );
  },
});

const SIGNATURE_PROBLEMS = {
  missing:
    'the webhook-id, webhook-timestamp or webhook-signature header is missing',
  stale: 'the webhook timestamp is more than 5 minutes away from now',
  mismatch: 'no webhook signature matches',
  reused: 'this webhook id was already used for another request',
} as const;

/**
 * HTTP only, and only when secrets are configured (an anonymous trigger):
 * a missing, stale or wrong Standard Webhooks signature is 401, and so is
 * an id reused for another request. A message id seen before is handled
 * as webhook-deliveries.ts explains: processed again until it has a final
 * answer, then answered with that answer.
 */
export const httpSignature = (options: {
  readonly secrets: readonly string[];
  /** Real time, never a product clock a test or the local cloud moves:
   * senders stamp webhooks with theirs. Remembered ids expire by it too,
   * since their lifetime is the signature window's. */
  readonly wallClock: Clock;
  readonly deliveries: DeliveryMemory;
  readonly logger: Logger;
}): FcMiddleware => {
  // The claim a request holds between its before and after steps.
  const claims = new WeakMap<object, { id: string; fingerprint: string }>();
  const refuse = (
    requestId: string,
    method: string,
    reason: keyof typeof SIGNATURE_PROBLEMS,
  ) => {
    options.logger.warn({ event: 'http.signature_refused', requestId, reason });
    const reply: HttpReply = errorReply(401, requestId, {
      outcome: 'refused',
      code: 'signature_invalid',
      message: SIGNATURE_PROBLEMS[reason],
    });
    return forMethod(toFcHttpResponse(reply), method);
  };
  return {
    name: 'httpSignature',
    before: (request) => {
      const { event, context } = request;
      if (event.kind !== 'http' || options.secrets.length === 0) return;
      const nowMs = options.wallClock.now();
      const verdict = verifyWebhookSignature({
        secrets: options.secrets,
        headers: event.request.headers,
        body: event.request.body,
        nowMs,
      });
      const { requestId } = context;
      const { method } = event.request;
      if (!verdict.ok) return refuse(requestId, method, verdict.reason);
      const fingerprint = requestFingerprint(event.request);
      const recall = options.deliveries.recall(verdict.id, fingerprint, nowMs);
      if (recall.kind === 'reused') return refuse(requestId, method, 'reused');
      if (recall.kind === 'answered') {
        options.logger.info({
          event: 'http.webhook_repeat',
          requestId,
          status: recall.response.statusCode,
        });
        return recall.response;
      }
      claims.set(request, { id: verdict.id, fingerprint });
    },
    after: (request) => {
      const claim = claims.get(request);
      const response = asFcHttpResponse(request.response);
      if (claim === undefined || response === undefined) return;
      if (request.event.kind !== 'http') return;
      if (!isFinalStatus(response.statusCode)) return;
      options.deliveries.answered(
        claim.id,
        claim.fingerprint,
        forMethod(response, request.event.request.method),
        options.wallClock.now(),
      );
    },
  };
};
