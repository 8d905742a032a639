import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { isRegionId } from '../shared/endpoints.ts';
import type { SeedInput } from './control.ts';
import { DEMO_ACCESS_KEY, DEMO_ACCOUNT_ID } from './demo.ts';
import { startLocalCloud } from './local-cloud.ts';
import { isPortInUse, parsePort, parseWholeNumber } from './port-option.ts';
import { InvalidSeedError } from './seeding.ts';

/**
 * `npm run emulator`: the local cloud alone, for a user's own work. A
 * refused option, variable or seed file ends the start with one line and
 * exit status 2; a port already taken with one line and status 1.
 */
const PORT_VARIABLE = 'KEYGUARD_EMULATOR_PORT';
const MAX_RANDOM_SEED = 2 ** 32 - 1;

const refuse = (line: string): never => {
  console.error(`keyguard-emulator: ${line}`);
  process.exit(2);
};

const port = (value: string): number => {
  const parsed = parsePort(value);
  if (parsed === undefined) {
    throw new InvalidArgumentError('a port is a whole number 0-65535');
  }
  return parsed;
};

// The random source keeps 32 bits of state, so a larger seed would
// silently replay another seed's run.
const randomSeed = (value: string): number => {
  const parsed = parseWholeNumber(value, MAX_RANDOM_SEED);
  if (parsed === undefined) {
    throw new InvalidArgumentError(
      `a random seed is a whole number 0-${MAX_RANDOM_SEED}`,
    );
  }
  return parsed;
};

const region = (value: string): string => {
  if (!isRegionId(value)) {
    throw new InvalidArgumentError('a region id looks like cn-hangzhou');
  }
  return value;
};

const portFromEnv = (): number => {
  const value = process.env[PORT_VARIABLE];
  if (value === undefined || value === '') return 4510;
  return (
    parsePort(value) ??
    refuse(`${PORT_VARIABLE}: ${value} is not a port (0-65535)`)
  );
};

const program = new Command('keyguard-emulator')
  .description('Serve the local SLS, KMS and webhook-sink emulator')
  .option('-p, --port <port>', `port to listen on (env ${PORT_VARIABLE})`, port)
  .option(
    '--region <region>',
    'default region of bare hosts',
    region,
    'cn-hangzhou',
  )
  .option(
    '--seed <file>',
    'JSON seed (accounts, projects, logstores, keys) instead of the demo',
  )
  .option('--empty', 'start with no accounts at all')
  .option(
    '--random-seed <n>',
    'seed of fault shares and generated ids',
    randomSeed,
  )
  // A usage error is exit 2, as for the other refusals; help is 0.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
  .parse();

const options = program.opts<{
  port?: number;
  region: string;
  seed?: string;
  empty?: boolean;
  randomSeed?: number;
}>();
const listenPort = options.port ?? portFromEnv();

const seedFrom = async (file: string): Promise<SeedInput> => {
  const text = await readFile(file, 'utf8').catch((error: unknown) =>
    refuse(
      `--seed ${file}: cannot read it (${(error as { code?: string }).code})`,
    ),
  );
  try {
    return JSON.parse(text) as SeedInput;
  } catch {
    // V8's parse message quotes the text, and a seed holds access keys.
    return refuse(`--seed ${file}: not JSON`);
  }
};

const seed: SeedInput | 'demo' | 'none' = options.empty
  ? 'none'
  : options.seed === undefined
    ? 'demo'
    : await seedFrom(options.seed);

const cloud = await startLocalCloud({
  port: listenPort,
  defaultRegion: options.region,
  seed,
  ...(options.randomSeed === undefined
    ? {}
    : { randomSeed: options.randomSeed }),
}).catch((error: unknown) => {
  if (error instanceof InvalidSeedError) {
    return refuse(`--seed ${options.seed}: ${error.message}`);
  }
  if (isPortInUse(error)) {
    console.error(
      `keyguard-emulator: port ${listenPort} is in use; pick another ` +
        `with --port or ${PORT_VARIABLE}`,
    );
    process.exit(1);
  }
  throw error;
});

const lines = [
  `keyguard local cloud on ${cloud.url}`,
  `  SLS endpoint   ${cloud.endpoints.sls}  (protocol http)`,
  `  KMS endpoint   ${cloud.endpoints.kms}  (protocol http)`,
  `  also accepted  @127.0.0.1:${cloud.port} (SLS) and 127.0.0.1:${cloud.port}`,
  `  webhook sink   ${cloud.url}/_sink/<channel>/...`,
  `  control API    ${cloud.url}/_control/health`,
];
if (seed === 'demo') {
  lines.push(
    `  demo account   ${DEMO_ACCOUNT_ID}`,
    `    ALIBABA_CLOUD_ACCESS_KEY_ID=${DEMO_ACCESS_KEY.accessKeyId}`,
    '    ALIBABA_CLOUD_ACCESS_KEY_SECRET=<see emulator/demo.ts>',
  );
}
console.log(lines.join('\n'));

const stop = async () => {
  await cloud.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
