import { provisionFromEnv } from './environment.ts';
import { createProvisionHandler } from './pipeline.ts';

/**
 * The deployed entry point, `index.handler`, built once at cold start.
 * Tests and `npm start` build theirs from ./environment.ts and
 * ./pipeline.ts with their own clock, so nothing is built twice.
 */
export const handler = createProvisionHandler(provisionFromEnv());
