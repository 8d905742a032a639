import { systemClock, systemRandom } from '../../shared/clock.ts';
import { loadProvisionConfig } from '../../shared/config/provision.ts';
import { createLogger } from '../../shared/logging.ts';
import { vendorClients } from './clients.ts';
import type { ProvisionHandlerDeps } from './invocation.ts';

/**
 * What provision runs with at a cold start: the configuration parsed
 * from the environment (a bad value fails the start naming the variable),
 * the system clock and randomness, a JSON logger, and the SDK clients.
 */
export const provisionFromEnv = (
  env: Readonly<Record<string, string | undefined>> = process.env,
): ProvisionHandlerDeps => {
  const config = loadProvisionConfig(env);
  return {
    config,
    clock: systemClock,
    random: systemRandom,
    logger: createLogger({ level: config.common.logLevel }),
    makeClients: vendorClients(config.common),
  };
};
