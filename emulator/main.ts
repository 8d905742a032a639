import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import type { SeedInput } from './control.ts';
import { DEMO_ACCESS_KEY, DEMO_ACCOUNT_ID } from './demo.ts';
import { startLocalCloud } from './local-cloud.ts';
import { InvalidSeedError } from './seeding.ts';

/** `npm run emulator`: the local cloud alone, for a user's own work. */
const port = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) {
    throw new InvalidArgumentError('a port is a whole number 0-65535');
  }
  return parsed;
};

const program = new Command('keyguard-emulator')
  .description('Serve the local SLS, KMS and webhook-sink emulator')
  .option(
    '-p, --port <port>',
    'port to listen on (env KEYGUARD_EMULATOR_PORT)',
    port,
    port(process.env.KEYGUARD_EMULATOR_PORT ?? '4510'),
  )
  .option('--region <region>', 'default region of bare hosts', 'cn-hangzhou')
  .option(
    '--seed <file>',
    'JSON seed (accounts, projects, logstores, keys) instead of the demo',
  )
  .option('--empty', 'start with no accounts at all')
  .option('--random-seed <n>', 'seed of fault shares and generated ids', port)
  .parse();

const options = program.opts<{
  port: number;
  region: string;
  seed?: string;
  empty?: boolean;
  randomSeed?: number;
}>();

/** One line on stderr and exit 2: the user's input was refused. */
const refuse = (line: string): never => {
  console.error(`keyguard-emulator: ${line}`);
  process.exit(2);
};

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
  port: options.port,
  defaultRegion: options.region,
  seed,
  ...(options.randomSeed === undefined
    ? {}
    : { randomSeed: options.randomSeed }),
}).catch((error: unknown) => {
  if (error instanceof InvalidSeedError) {
    return refuse(`--seed ${options.seed}: ${error.message}`);
  }
  throw error;
});

const lines = [
  `keyguard local cloud on ${cloud.url}`,
  `  SLS endpoint   ${cloud.endpoints.sls}  (protocol http)`,
  `  KMS endpoint   ${cloud.endpoints.kms}  (protocol http)`,
  `  also accepted  <project>.@127.0.0.1:${cloud.port} and 127.0.0.1:${cloud.port}`,
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
