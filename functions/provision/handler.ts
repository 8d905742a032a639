import { systemClock, systemRandom } from '../../shared/clock.ts';
import { loadProvisionConfig } from '../../shared/config/provision.ts';
import { createLogger } from '../../shared/logging.ts';
import { vendorClients } from './clients.ts';
import type { ProvisionHandlerDeps } from './invocation.ts';
import { createProvisionHandler } from './pipeline.ts';

/**
 * The deployed entry point, `index.handler`. The configuration is parsed
 * once, here, at cold start: a bad value fails the start naming the
 * variable. Tests and `npm start` import ./pipeline.ts instead and build
 * their own dependencies.
 */
export const fromEnvironment = (
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

export { createProvisionHandler };

export const handler = createProvisionHandler(fromEnvironment());
