import { systemClock, systemRandom } from '../../shared/clock.ts';
import { parseKeyHealthConfig } from '../../shared/config/key-health.ts';
import { installLocalDns } from '../../shared/local-dns.ts';
import { createLogger } from '../../shared/logging.ts';
import type { KeyHealthDeps } from './pipeline.ts';

/**
 * What key-health runs with at a cold start: the configuration parsed
 * from the environment (a bad value fails the start naming the variable),
 * the system clock and randomness, and a JSON logger.
 */
export const keyHealthFromEnv = (
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
