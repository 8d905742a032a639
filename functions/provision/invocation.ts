import type { Clock, Random } from '../../shared/clock.ts';
import type { ProvisionConfig } from '../../shared/config/provision.ts';
import {
  type Credentials,
  resolveCredentials,
} from '../../shared/credentials.ts';
import { type Deadline, deadlineFromContext } from '../../shared/deadline.ts';
import type { FcContext } from '../../shared/fc/context.ts';
import type { KmsApi } from '../../shared/kms/key-metadata.ts';
import type { Logger } from '../../shared/logging.ts';
import type {
  ProvisionClients,
  ProvisionDeps,
  Retrier,
} from '../../shared/provision/provision.ts';
import { withRetry } from '../../shared/retry.ts';
import type { SlsApi } from '../../shared/sls/logstore.ts';

/**
 * What one invocation works with: clients signed with this invocation's
 * own credentials (a warm instance never reuses an earlier token), a
 * deadline from `context.function.timeout`, and a logger bound to the
 * request id.
 */
export interface VendorClients {
  readonly sls: SlsApi;
  readonly kms: KmsApi;
}

/** Builds the SLS and KMS clients of one region for one invocation. */
export type MakeClients = (
  credentials: Credentials,
  region: string,
  deadline: Deadline,
) => VendorClients;

export interface ProvisionHandlerDeps {
  readonly config: ProvisionConfig;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  readonly makeClients: MakeClients;
}

/**
 * Throttling and 5xx bursts are common and short; six attempts with
 * capped, jittered backoff fit a 60 s function's budget many times over,
 * and the deadline ends them sooner in a short one.
 */
export const PROVISION_RETRY = { maxAttempts: 6, baseMs: 200, capMs: 3_000 };

export interface Invocation {
  readonly requestId: string;
  readonly deadline: Deadline;
  readonly logger: Logger;
  readonly core: ProvisionDeps;
  /** Retries that stop at `deadline`, for a share of the budget. */
  retryWithin(deadline: Deadline, logger: Logger): Retrier;
}

const perRegion = (
  make: (region: string) => VendorClients,
): ProvisionClients => {
  const built = new Map<string, VendorClients>();
  const get = (region: string) => {
    let clients = built.get(region);
    if (clients === undefined) {
      clients = make(region);
      built.set(region, clients);
    }
    return clients;
  };
  return { sls: (region) => get(region).sls, kms: (region) => get(region).kms };
};

const retrier =
  (deps: ProvisionHandlerDeps, deadline: Deadline, logger: Logger): Retrier =>
  (operation, call) =>
    withRetry(call, {
      ...PROVISION_RETRY,
      deadline,
      clock: deps.clock,
      random: deps.random,
      onRetry: ({ error, attempt, delayMs }) =>
        logger.warn({
          event: 'provision.retry',
          operation,
          attempt,
          delayMs,
          code: (error as { code?: unknown }).code,
        }),
    });

export const startInvocation = (
  deps: ProvisionHandlerDeps,
  context: FcContext,
): Invocation => {
  const deadline = deadlineFromContext(context, deps.clock);
  const logger = deps.logger.child({ requestId: context.requestId });
  // Resolved on first use: a refused request needs no credentials.
  let credentials: Credentials | undefined;
  const clients = perRegion((region) => {
    credentials ??= resolveCredentials({
      mode: deps.config.common.mode,
      context,
    });
    return deps.makeClients(credentials, region, deadline);
  });
  return {
    requestId: context.requestId,
    deadline,
    logger,
    core: {
      clients,
      policy: deps.config.policy,
      keyRules: deps.config.keyRules,
      functionRegion: deps.config.common.region,
      accountId: context.accountId,
      clock: deps.clock,
      retry: retrier(deps, deadline, logger),
      logger,
    },
    retryWithin: (share, shareLogger) => retrier(deps, share, shareLogger),
  };
};
