import { rm } from 'node:fs/promises';
import { startLocalCloud } from '../emulator/local-cloud.ts';
import {
  isPortInUse,
  MAX_PORT,
  parseWholeNumber,
} from '../emulator/port-option.ts';
import { serveLocalFunctions } from './local-functions.ts';
import {
  localStackEnv,
  localStateDir,
  seedDemoLogstores,
} from './local-stack.ts';

/**
 * `npm start`: the local cloud with the demo account, and both functions
 * served the way Function Compute would call them, on loopback ports. A
 * refused variable ends the start with one line and exit status 2, a port
 * already taken with one line and status 1, as for `npm run emulator`.
 */
const fail = (line: string, status: number): never => {
  console.error(`keyguard start: ${line}`);
  process.exit(status);
};

/** The ports npm start takes right after a port, and what for. */
interface Following {
  readonly count: number;
  readonly why: string;
}

const NOTHING: Following = { count: 0, why: '' };
const GATEWAY: Following = {
  count: 1,
  why: ', as the queue gateway takes the next one',
};
const PROVISION_AND_GATEWAY: Following = {
  count: 2,
  why: ', as provision and the queue gateway take the next two',
};

// The ports after this one must be ports too: listening on 65536 throws
// a RangeError, after the local cloud is already up.
const portFrom = (
  name: string,
  fallback: number,
  following: Following,
): number => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const max = MAX_PORT - following.count;
  return (
    parseWholeNumber(value, max) ??
    fail(`${name}: ${value} is not a port (0-${max}${following.why})`, 2)
  );
};

const whenInUse =
  (port: number, variable: string) =>
  (error: unknown): never => {
    if (!isPortInUse(error)) throw error;
    return fail(
      `port ${port} is in use (another npm start?); pick another with ` +
        variable,
      1,
    );
  };

// The local cloud's port is followed by provision's and the gateway's,
// unless KEYGUARD_PROVISION_PORT puts those elsewhere.
const provisionMoved = (process.env.KEYGUARD_PROVISION_PORT ?? '') !== '';
const port = portFrom(
  'KEYGUARD_EMULATOR_PORT',
  4510,
  provisionMoved ? NOTHING : PROVISION_AND_GATEWAY,
);
const provisionPort = portFrom(
  'KEYGUARD_PROVISION_PORT',
  port === 0 ? 0 : port + 1,
  GATEWAY,
);
const timerSeconds = Number(process.env.KEYGUARD_TIMER_SECONDS ?? 60);
if (!Number.isFinite(timerSeconds) || timerSeconds < 1) {
  fail('KEYGUARD_TIMER_SECONDS: the timer interval is 1 s or more', 2);
}

const cloud = await startLocalCloud({ port }).catch(
  whenInUse(port, 'KEYGUARD_EMULATOR_PORT'),
);
// The local cloud starts empty each time; key-health's memory of earlier
// sessions' alerts would only send "resolved" notices for them. The
// directory is this cloud's own (named by its port), and a state
// directory the user chose is left alone.
if (process.env.KEYGUARD_STATE_DIR === undefined) {
  await rm(localStateDir(cloud.port), { recursive: true, force: true });
}
seedDemoLogstores(cloud);
// The functions read their configuration from the environment at cold
// start, exactly as deployed; local mode points them at this cloud.
Object.assign(process.env, localStackEnv(cloud), { ...process.env });

const stack = await serveLocalFunctions(cloud, {
  provisionPort,
  timerSeconds,
}).catch(async (error: unknown) => {
  await cloud.close();
  // The trigger takes this port and the gateway the next one.
  return whenInUse(
    provisionPort,
    'KEYGUARD_PROVISION_PORT (it and the next)',
  )(error);
});
console.log(stack.banner);

const stop = async () => {
  await stack.close();
  await cloud.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
