import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_ACCOUNT_ID } from '../../emulator/demo.ts';
import {
  type ProvisionHandlerDeps,
  startInvocation,
} from '../../functions/provision/invocation.ts';
import { systemRandom } from '../../shared/clock.ts';
import { parseProvisionConfig } from '../../shared/config/provision.ts';
import { KeyguardError } from '../../shared/errors.ts';
import { parseJson } from '../../shared/fc/decode.ts';
import { createKmsApi } from '../../shared/kms/client.ts';
import { createLogger } from '../../shared/logging.ts';
import {
  type Answer,
  answerBody,
  failure,
} from '../../shared/provision/answer.ts';
import { provisionLogstore } from '../../shared/provision/provision.ts';
import { createSlsApi } from '../../shared/sls/client.ts';
import { accountIdOf } from '../account-id.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import { resolveTarget, type TargetOptions, targetClock } from '../target.ts';

/**
 * `keyguard provision <request.json>`: the provisioning core the function
 * runs, with the operator's credentials and the same PROVISION_* policy
 * variables, against the local cloud or the real one. Prints the answer
 * the function would give. Exit 0 when the Logstore was created or
 * already matched, 2 when the request was refused (fix it, do not
 * retry), 1 when provisioning failed.
 */
export interface ProvisionOptions extends TargetOptions {
  readonly accountId?: string;
  /** Seconds the whole call may take. */
  readonly timeout?: string;
  readonly verbose?: boolean;
}

export const DEFAULT_PROVISION_TIMEOUT_S = 60;

const usage = (message: string): KeyguardError =>
  new KeyguardError(message, { code: 'usage', status: 400 });

/**
 * The request file's JSON, or the answer the function gives a body that
 * is not JSON: 400 `invalid_json`, refused input like a schema error, so
 * it exits 2 as well. A file that cannot be read at all is a usage error.
 */
const readRequest = async (
  file: string,
  cwd: string,
): Promise<{ ok: true; value: unknown } | { ok: false; answer: Answer }> => {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw usage(`cannot read ${file}: ${code}`);
  }
  const parsed = parseJson(text);
  if (parsed.ok) return parsed;

  return {
    ok: false,
    answer: failure(
      'invalid_json',
      text.trim() === ''
        ? `${file} is empty; write the request as JSON`
        : `${file} is not valid JSON`,
    ),
  };
};

/** 2xx done, 4xx refused, anything else failed. */
export const exitCodeOfStatus = (status: number): ExitCode =>
  status < 300 ? EXIT.ok : status < 500 ? EXIT.critical : EXIT.failure;

/** Prints the answer the function would give and exits by its status. */
const printAnswer = (answer: Answer, requestId: string, io: CliIo) => {
  io.stdout.write(
    `${JSON.stringify(answerBody(answer, requestId), null, 2)}\n`,
  );

  return exitCodeOfStatus(answer.status);
};

export const runProvision = async (
  file: string,
  options: ProvisionOptions,
  io: CliIo,
): Promise<ExitCode> => {
  const requestId = randomUUID();
  const request = await readRequest(file, io.cwd);
  if (!request.ok) return printAnswer(request.answer, requestId, io);
  const target = resolveTarget(options, io.env);
  const local = target.config.mode === 'local';
  const accountId = local
    ? DEMO_ACCOUNT_ID
    : accountIdOf(options.accountId, io.env, 'role patterns name the account');
  const timeout = Number(options.timeout ?? DEFAULT_PROVISION_TIMEOUT_S);
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 900) {
    throw usage('--timeout takes seconds, from 1 to 900');
  }
  const config = parseProvisionConfig(target.env);
  const { endpoints, callTimeoutMs } = config.common;
  const deps: ProvisionHandlerDeps = {
    config,
    clock: await targetClock(target),
    random: systemRandom,
    logger: createLogger({
      level: options.verbose === true ? 'info' : 'error',
      destination: { write: (line: string) => io.stderr.write(line) },
    }),
    // The operator's credentials, already resolved for this target.
    makeClients: (_credentials, region, deadline) => {
      const clientOptions = {
        credentials: target.credentials,
        endpoints,
        region,
        timeoutMs: callTimeoutMs,
        deadline,
      };
      return {
        sls: createSlsApi(clientOptions),
        kms: createKmsApi(clientOptions),
      };
    },
  };
  const run = startInvocation(deps, {
    requestId,
    credentials: target.credentials,
    function: {
      name: 'keyguard-cli',
      handler: 'cli',
      memory: 0,
      timeout,
    },
    region: config.common.region,
    accountId,
  });
  const answer = await provisionLogstore(request.value, run.core);

  return printAnswer(answer, requestId, io);
};
