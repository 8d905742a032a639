import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { resolveCredentials } from '../../shared/credentials.ts';
import { KeyguardError } from '../../shared/errors.ts';
import { accountIdOf } from '../account-id.ts';
import { defaultInvokeWaitS, deployedName } from '../deployed-functions.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { fcEndpoint, invokeFunction } from '../fc-invoke.ts';
import type { CliIo } from '../io.ts';
import { REGION_ENV } from '../target.ts';

/**
 * `keyguard invoke <function>`: calls the deployed function through FC's
 * InvokeFunction API with the operator's own credentials, prints what the
 * function answered, and exits 1 when FC reports that the handler failed.
 */
export interface InvokeCommandOptions {
  readonly async?: boolean;
  readonly file?: string;
  readonly region?: string;
  readonly accountId?: string;
  readonly endpoint?: string;
  readonly protocol?: string;
  readonly qualifier?: string;
  readonly log?: boolean;
  /** Seconds to wait for FC's answer. */
  readonly timeout?: string;
}

const usage = (message: string): KeyguardError =>
  new KeyguardError(message, { code: 'usage', status: 400 });

const readPayload = async (
  file: string | undefined,
  cwd: string,
): Promise<Buffer> => {
  if (file === undefined) return Buffer.alloc(0);
  try {
    return await readFile(path.resolve(cwd, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw usage(`cannot read the event file ${file}: ${code}`);
  }
};

/** The longest FC 3.0 lets a function run, plus a margin. */
const MAX_WAIT_S = 86_400 + 3_600;

/**
 * Seconds to wait for FC's answer: --timeout, or else as long as the
 * function may run (deployed-functions.ts). The SDK's own read timeout
 * of a few seconds gave up on every scan that was still running.
 */
export const invokeWaitS = (
  name: string,
  options: Pick<InvokeCommandOptions, 'async' | 'timeout'>,
): number => {
  if (options.timeout === undefined) {
    return defaultInvokeWaitS(name, options.async === true);
  }
  const value = Number(options.timeout);
  if (!Number.isFinite(value) || value <= 0 || value > MAX_WAIT_S) {
    throw usage(`--timeout takes seconds, more than 0 and up to ${MAX_WAIT_S}`);
  }

  return value;
};

const endpointOf = (
  options: InvokeCommandOptions,
  env: CliIo['env'],
  region: string,
): string => {
  if (options.endpoint !== undefined) return options.endpoint;
  const accountId = accountIdOf(
    options.accountId,
    env,
    "FC's endpoint names the account (or give --endpoint)",
  );

  return fcEndpoint(accountId, region);
};

export const runInvoke = async (
  name: string,
  options: InvokeCommandOptions,
  io: CliIo,
): Promise<ExitCode> => {
  const region = options.region ?? io.env[REGION_ENV];
  if (region === undefined || region === '') {
    throw usage(`name the region with --region or ${REGION_ENV}`);
  }
  const protocol = options.protocol ?? 'https';
  if (protocol !== 'http' && protocol !== 'https') {
    throw usage('--protocol is http or https');
  }
  const waitS = invokeWaitS(name, options);
  const outcome = await invokeFunction(
    {
      endpoint: endpointOf(options, io.env, region),
      protocol,
      region,
      credentials: resolveCredentials({ mode: 'cloud', env: io.env }),
    },
    {
      functionName: deployedName(name),
      payload: await readPayload(options.file, io.cwd),
      async: options.async === true,
      tailLog: options.log === true,
      timeoutMs: waitS * 1_000,
      ...(options.qualifier === undefined
        ? {}
        : { qualifier: options.qualifier }),
    },
  );

  if (outcome.log !== undefined) io.stderr.write(outcome.log);
  if (options.async === true) {
    const { status, requestId } = outcome;
    io.stdout.write(`${JSON.stringify({ status, requestId })}\n`);

    return outcome.status === 202 ? EXIT.ok : EXIT.failure;
  }
  io.stdout.write(outcome.body.toString('utf8'));
  if (outcome.body.length > 0) io.stdout.write('\n');
  if (outcome.errorType !== undefined) {
    io.stderr.write(
      `the function failed (${outcome.errorType}), ` +
        `request ${outcome.requestId ?? 'unknown'}\n`,
    );

    return EXIT.failure;
  }

  return outcome.status >= 200 && outcome.status < 300 ? EXIT.ok : EXIT.failure;
};
