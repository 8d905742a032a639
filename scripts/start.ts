import { rm } from 'node:fs/promises';
import { startLocalCloud } from '../emulator/local-cloud.ts';
import { serveLocalFunctions } from './local-functions.ts';
import {
  LOCAL_STATE_DIR,
  localStackEnv,
  seedDemoLogstores,
} from './local-stack.ts';

/**
 * `npm start`: the local cloud with the demo account, and both functions
 * served the way Function Compute would call them, on loopback ports.
 */
const port = Number(process.env.KEYGUARD_EMULATOR_PORT ?? 4510);
const cloud = await startLocalCloud({ port });
// The local cloud starts empty each time; key-health's memory of earlier
// sessions' alerts would only send "resolved" notices for them.
await rm(LOCAL_STATE_DIR, { recursive: true, force: true });
seedDemoLogstores(cloud);
// The functions read their configuration from the environment at cold
// start, exactly as deployed; local mode points them at this cloud.
Object.assign(process.env, localStackEnv(cloud), { ...process.env });

const stack = await serveLocalFunctions(cloud, {
  provisionPort: Number(process.env.KEYGUARD_PROVISION_PORT ?? port + 1),
  timerSeconds: Number(process.env.KEYGUARD_TIMER_SECONDS ?? 60),
});
console.log(stack.banner);

const stop = async () => {
  await stack.close();
  await cloud.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
