import KmsSdk, {
  CancelKeyDeletionRequest,
  DisableKeyRequest,
  EnableKeyRequest,
  ScheduleKeyDeletionRequest,
} from '@alicloud/kms20160120';
import OpenApi, {
  Config as OpenApiConfig,
  OpenApiRequest,
  Params,
} from '@alicloud/openapi-client';
import { Config } from '@alicloud/rpc-client';
import { Command } from 'commander';
import {
  DEMO_ACCESS_KEY,
  DEMO_ACCOUNT_ID,
  DEMO_REGION,
} from '../emulator/demo.ts';
import { installLocalDns } from '../shared/local-dns.ts';

/**
 * `npm run kms -- <command> <keyId>`: key changes on the local cloud made
 * through the official KMS SDK with the demo account's key, so they raise
 * the same ActionTrail events as a console or CLI change would in the
 * cloud, and key-health reacts to them.
 */
const KmsClient = (KmsSdk.default ?? KmsSdk) as typeof KmsSdk.default;
const OpenApiClient = (OpenApi.default ?? OpenApi) as typeof OpenApi.default;

/**
 * A generic OpenAPI call, for what the KMS SDK 1.2 cannot do: it has no
 * SetDeletionProtection, and its DescribeKey model drops
 * DeletionProtection, the field `protect` changes.
 */
const genericCall = async (
  options: { port: string; region: string },
  action: string,
  query: Record<string, string>,
) => {
  installLocalDns();
  const client = new OpenApiClient(
    new OpenApiConfig({
      ...DEMO_ACCESS_KEY,
      endpoint: `kms.${options.region}.localhost:${options.port}`,
      protocol: 'http',
      regionId: options.region,
    }),
  );
  const answer = await client.callApi(
    new Params({
      action,
      version: '2016-01-20',
      protocol: 'HTTP',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      pathname: '/',
      reqBodyType: 'formData',
      bodyType: 'json',
    }),
    new OpenApiRequest({ query }),
    {} as never,
  );
  return answer.body as unknown;
};

const printGeneric =
  (action: string, query: (keyId: string) => Record<string, string>) =>
  async (keyId: string) => {
    try {
      const body = await genericCall(program.opts(), action, query(keyId));
      console.log(JSON.stringify(body, null, 2));
    } catch (error) {
      fail(error);
    }
  };

const clientFor = (options: { port: string; region: string }) => {
  installLocalDns();
  return new KmsClient(
    new Config({
      ...DEMO_ACCESS_KEY,
      endpoint: `kms.${options.region}.localhost:${options.port}`,
      protocol: 'http',
      regionId: options.region,
    }),
  );
};

const program = new Command('npm run kms --')
  .description('Change a key on the local cloud through the KMS SDK')
  .option(
    '--port <port>',
    'the local cloud port',
    process.env.KEYGUARD_EMULATOR_PORT ?? '4510',
  )
  .option('--region <region>', 'the key region', DEMO_REGION);

// Socket errors mean nothing answered at the port: saying "KMS refused"
// would send the reader after a key that was never asked about.
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ETIMEDOUT',
]);

const fail = (error: unknown): void => {
  const { code, data } = error as { code?: string; data?: unknown };
  if (code !== undefined && UNREACHABLE.has(code)) {
    const { port } = program.opts<{ port: string }>();
    console.error(
      `could not reach the local cloud at port ${port} (${code}): start ` +
        'it with npm start or npm run emulator, or name its port with ' +
        '--port or KEYGUARD_EMULATOR_PORT',
    );
  } else {
    // The KMS SDK appends "Error" to the code; the body holds KMS's own.
    const kmsCode = (data as { Code?: unknown } | undefined)?.Code;
    console.error(
      `KMS refused: ${typeof kmsCode === 'string' ? kmsCode : code}`,
      JSON.stringify(data ?? {}),
    );
  }
  process.exitCode = 1;
};

const action =
  (call: (client: InstanceType<typeof KmsClient>, keyId: string) => unknown) =>
  async (keyId: string) => {
    const client = clientFor(program.opts());
    try {
      const answer = (await call(client, keyId)) as { toMap?: () => unknown };
      console.log(JSON.stringify(answer.toMap?.() ?? answer, null, 2));
    } catch (error) {
      fail(error);
    }
  };

program
  .command('describe <keyId>')
  .description('DescribeKey, with every field KMS answers')
  .action(printGeneric('DescribeKey', (keyId) => ({ KeyId: keyId })));
program
  .command('disable <keyId>')
  .description('DisableKey')
  .action(action((c, keyId) => c.disableKey(new DisableKeyRequest({ keyId }))));
program
  .command('enable <keyId>')
  .description('EnableKey')
  .action(action((c, keyId) => c.enableKey(new EnableKeyRequest({ keyId }))));
program
  .command('schedule-deletion <keyId> [days]')
  .description('ScheduleKeyDeletion (7-366 days, default 7)')
  .action(async (keyId: string, days?: string) =>
    action((c, id) =>
      c.scheduleKeyDeletion(
        new ScheduleKeyDeletionRequest({
          keyId: id,
          pendingWindowInDays: Number(days ?? 7),
        }),
      ),
    )(keyId),
  );
program
  .command('cancel-deletion <keyId>')
  .description('CancelKeyDeletion')
  .action(
    action((c, keyId) =>
      c.cancelKeyDeletion(new CancelKeyDeletionRequest({ keyId })),
    ),
  );

program
  .command('protect <keyId> <on|off>')
  .description('SetDeletionProtection (the demo keys start protected)')
  .action(async (keyId: string, state: string) => {
    if (state !== 'on' && state !== 'off') {
      program.error('say on or off');
    }
    const { region } = program.opts<{ region: string }>();
    await printGeneric('SetDeletionProtection', (id) => ({
      ProtectedResourceArn: `acs:kms:${region}:${DEMO_ACCOUNT_ID}:key/${id}`,
      EnableDeletionProtection: String(state === 'on'),
      DeletionProtectionDescription: 'set with npm run kms',
    }))(keyId);
  });

await program.parseAsync();
