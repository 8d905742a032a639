import { keyHealthFromEnv } from './environment.ts';
import { createKeyHealthHandler } from './pipeline.ts';

/**
 * The deployed entry point, `index.handler`, built once at cold start.
 * Tests and `npm start` build theirs from ./environment.ts and
 * ./pipeline.ts with their own clock, so nothing is built twice.
 */
export const handler = createKeyHealthHandler(keyHealthFromEnv());
