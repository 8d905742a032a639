import pLimit from 'p-limit';
import type { Clock, Random } from '../../shared/clock.ts';
import type { KeyHealthConfig } from '../../shared/config/key-health.ts';
import { resolveCredentials } from '../../shared/credentials.ts';
import { deadlineFromContext } from '../../shared/deadline.ts';
import type { FcHandler } from '../../shared/fc/context.ts';
import { fcAnswers, protectCredentials } from '../../shared/fc/middlewares.ts';
import { asFcHandler, fcPipeline } from '../../shared/fc/pipeline.ts';
import { runKeyHealth, type VendorClients } from '../../shared/health/run.ts';
import { expiredSilences } from '../../shared/health/silences.ts';
import {
  createDirectoryStore,
  type StateStore,
} from '../../shared/health/state-store.ts';
import type { RunSummary } from '../../shared/health/summary.ts';
import type { Logger } from '../../shared/logging.ts';
import { clientsFor } from './clients.ts';
import { runRequestOf } from './run-request.ts';

/**
 * The key-health function as a middy pipeline: decode the trigger, run
 * one check, log the summary line. Everything it needs is injected, so
 * tests and `npm start` hand it the local cloud's clock and their own
 * state directory.
 */
export interface KeyHealthDeps {
  readonly config: KeyHealthConfig;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  readonly store?: StateStore;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Replaces the SDK clients (benchmarks); real ones by default. */
  readonly clients?: VendorClients;
  readonly fetch?: typeof fetch;
}

export const createKeyHealthHandler = (
  deps: KeyHealthDeps,
): FcHandler<RunSummary> => {
  const { config, clock, logger } = deps;
  // The store outlives a run, its problems do not: they are logged with
  // the request id of the run that met them (one run at a time, below).
  let runLog: Logger = logger;
  const store =
    deps.store ??
    createDirectoryStore(config.stateDir, (problem) =>
      runLog.warn({ event: 'state.unreadable', ...problem }),
    );
  // FC runs key-health with a reserved concurrency of 1; a process that
  // hosts the handler itself (npm start: timer and KMS events) gets the
  // same promise here, so two runs never work on one state directory.
  const oneRunAtATime = pLimit(1);
  for (const silence of expiredSilences(config.silences, clock.now())) {
    logger.warn({
      event: 'config.silence_expired',
      ...(silence.keyId === undefined ? {} : { keyId: silence.keyId }),
      ...(silence.finding === undefined ? {} : { finding: silence.finding }),
      expiresAt: new Date(silence.expiresAt).toISOString(),
    });
  }
  const pipeline = fcPipeline<RunSummary>(async (trigger, context) => {
    const log = logger.child({ requestId: context.requestId });
    const request = runRequestOf(trigger);
    for (const warning of request.warnings) {
      log.warn({ event: 'key_health.input', warning });
    }
    const credentials = resolveCredentials({
      mode: config.common.mode,
      context,
      env: deps.env ?? process.env,
    });
    const summary = await oneRunAtATime(() => {
      runLog = log;
      return runKeyHealth(request, {
        settings: config,
        clients: (deadline) =>
          deps.clients ?? clientsFor(config.common, credentials, deadline),
        store,
        clock,
        random: deps.random,
        logger: log,
        deadline: deadlineFromContext(context, clock),
        ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
      });
    });
    log.info(summary);
    return summary;
  })
    .use(protectCredentials())
    .use(fcAnswers(logger));
  return asFcHandler(pipeline);
};
