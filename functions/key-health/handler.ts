import { systemClock, systemRandom } from '../../shared/clock.ts';
import { parseKeyHealthConfig } from '../../shared/config/key-health.ts';
import { installLocalDns } from '../../shared/local-dns.ts';
import { createLogger } from '../../shared/logging.ts';
import { createKeyHealthHandler, type KeyHealthDeps } from './pipeline.ts';

/**
 * The deployed entry point, `index.handler`. The configuration is parsed
 * once, here, at cold start: a bad value fails the start naming the
 * variable. Tests and `npm start` import ./pipeline.ts instead and build
 * their own dependencies.
 */
export const fromEnvironment = (
  env: Readonly<Record<string, string | undefined>> = process.env,
): KeyHealthDeps => {
  const config = parseKeyHealthConfig(env);
  if (config.common.mode === 'local') installLocalDns();
  return {
    config,
    clock: systemClock,
    random: systemRandom,
    logger: createLogger({ level: config.common.logLevel }),
    env,
  };
};

export { createKeyHealthHandler };

export const handler = createKeyHealthHandler(fromEnvironment());
