import {
  Argument,
  Command,
  CommanderError,
  InvalidArgumentError,
  Option,
} from 'commander';
import { isKeyguardError } from '../shared/errors.ts';
import { scrub } from '../shared/secrets.ts';
import { runCheck } from './commands/check.ts';
import { runInvoke } from './commands/invoke.ts';
import { runPolicy } from './commands/policy.ts';
import { runProvision } from './commands/provision.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import type { CliIo } from './io.ts';
import { POLICY_DOCUMENTS, type PolicyName } from './policies.ts';

/**
 * `keyguard`: the operator's view of the same core code the functions run.
 * Every command takes `--help`; every failure ends in a one-line message
 * on standard error and exit code 1, never a stack trace or a secret.
 */
const LOCAL_HELP =
  'use the local cloud on this port (default KEYGUARD_EMULATOR_PORT or 4510)' +
  ' instead of Alibaba Cloud';

const CHECK_EXIT_HELP = `
Exit status:
  0  nothing critical was found. Keys that could not be read (a RAM
     denial, KMS out of reach) are listed as unverified findings and
     counted in a line on stderr; they do not change the exit status.
  2  something critical was found, even in an incomplete scan.
  1  the check itself failed or could not finish: the time ran out, or
     a region or project could not be listed.
`;

// `--local p1.json` would take the file for the port and then miss the
// file: say so at once instead of "missing required argument".
// Other words are left for the target's own check and its one line.
const localPortText = (value: string): string => {
  if (!/[./\\]/.test(value)) return value;
  throw new InvalidArgumentError(
    `"${value}" is not a port; give the file first ` +
      '(provision request.json --local) or a port (--local 4510)',
  );
};

const localOption = () =>
  new Option('--local [port]', LOCAL_HELP).argParser(localPortText);

const regionOption = () =>
  new Option(
    '--region <region>',
    'region to work in (default ALIBABA_CLOUD_REGION_ID)',
  );

export const createProgram = (
  io: CliIo,
  setExit: (code: ExitCode) => void,
): Command => {
  const program = new Command('keyguard')
    .description(
      'Provision encrypted SLS Logstores and check the KMS keys behind them',
    )
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');

  program
    .command('provision')
    .description(
      'create the Logstore a request describes, as the provision function' +
        ' would; exit 0 done, 2 refused or invalid (a file that is not' +
        ' JSON too), 1 failed',
    )
    .argument('<request.json>', 'the provisioning request, as JSON')
    .addOption(localOption())
    .addOption(regionOption())
    .option(
      '--account-id <id>',
      'your account id, for {accountId} in role patterns' +
        ' (default ALIBABA_CLOUD_ACCOUNT_ID)',
    )
    .option('--timeout <seconds>', 'time allowed for the whole call', '60')
    .option('--verbose', "print the core's log lines to stderr")
    .action(async (file: string, options) => {
      setExit(await runProvision(file, options, io));
    });

  program
    .command('check')
    .description(
      'scan the keys behind every Logstore and print the findings;' +
        ' exit 0 nothing critical, 2 something critical, 1 check failed',
    )
    .addOption(localOption())
    .addOption(regionOption())
    .option('--json', 'print the findings and the run summary as JSON')
    .option(
      '--regions <list>',
      'comma-separated regions to scan ' +
        '(default KEYGUARD_REGIONS, else the region)',
    )
    .addOption(
      new Option('--min-severity <severity>', 'leave out lesser findings')
        .choices(['unverified', 'warning', 'critical'])
        .default('unverified'),
    )
    .option('--timeout <seconds>', 'time allowed for the scan', '300')
    .option('--verbose', "print the core's log lines to stderr")
    .addHelpText('after', CHECK_EXIT_HELP)
    .action(async (options) => {
      setExit(await runCheck(options, io));
    });

  program
    .command('invoke')
    .description(
      'invoke a deployed function through the FC 3.0 API and print its answer',
    )
    .argument('<function>', 'provision, key-health, or a full FC function name')
    .option('--async', 'invoke asynchronously; prints the request id')
    .option('--file <event.json>', 'file whose bytes are the event')
    .addOption(regionOption())
    .option(
      '--account-id <id>',
      'account that owns the function (default ALIBABA_CLOUD_ACCOUNT_ID)',
    )
    .option(
      '--endpoint <host>',
      'FC API host instead of <account-id>.<region>.fc.aliyuncs.com',
    )
    .addOption(
      new Option('--protocol <protocol>', 'protocol for the FC API')
        .choices(['http', 'https'])
        .default('https'),
    )
    .option('--qualifier <version>', 'version or alias to invoke')
    .option('--log', "print the tail of the function's log to stderr")
    .option(
      '--timeout <seconds>',
      "how long to wait for FC's answer (default: the function's timeout" +
        ' plus 30 s, or 30 s with --async)',
    )
    .action(async (name: string, options) => {
      setExit(await runInvoke(name, options, io));
    });

  const collect = (value: string, previous: string[] = []): string[] => [
    ...previous,
    value,
  ];

  program
    .command('policy')
    .description(
      'print a RAM policy document from policies/ filled in for a deployment',
    )
    .addArgument(
      new Argument('<name>', 'which document').choices(
        Object.keys(POLICY_DOCUMENTS),
      ),
    )
    .option(
      '--account-id <id>',
      'your account id (default ALIBABA_CLOUD_ACCOUNT_ID)',
    )
    .option('--region <region>', 'deployment region (default KEYGUARD_REGION)')
    .option(
      '--project <name>',
      'project the role may use; repeat for more (default' +
        ' PROVISION_ALLOWED_PROJECTS or KEYGUARD_PROJECT_PATTERNS, else *)',
      collect,
    )
    .option(
      '--sls-role <role>',
      'RAM role SLS may be passed for BYOK, by name or ARN; repeat for' +
        ' more (default PROVISION_ALLOWED_ROLE_ARNS, else sls-byok-*)',
      collect,
    )
    .option('--log-project <name>', 'default KEYGUARD_LOG_PROJECT')
    .option('--failure-queue <name>', 'default KEYGUARD_FAILURE_QUEUE')
    .option('--state-bucket <name>', 'default KEYGUARD_STATE_BUCKET')
    .action(async (name: PolicyName, options) => {
      setExit(await runPolicy(name, options, io));
    });

  return program;
};

/**
 * A foreign error's message, led by its code when it has one that the
 * message does not already start with (Node's own do). Its class name is
 * no news to a reader: "Error: ..." said nothing.
 */
const messageOf = (error: unknown): string => {
  if (isKeyguardError(error)) return error.message;
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;

  return typeof code === 'string' && !error.message.startsWith(code)
    ? `${code}: ${error.message}`
    : error.message;
};

/** Runs one command line and returns the exit code. */
export const runCli = async (
  argv: readonly string[],
  io: CliIo,
): Promise<number> => {
  let code: ExitCode = EXIT.ok;
  const program = createProgram(io, (next) => {
    code = next;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.failure;
    }
    io.stderr.write(`keyguard: ${scrub(messageOf(error))}\n`);

    return EXIT.failure;
  }

  return code;
};

export { localOption, regionOption };
