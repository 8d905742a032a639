import { ERROR_CODES } from '../../../shared/provision/codes.ts';
import type { Ledger } from '../ledger.ts';
import type { Encryption, RequestSpec } from '../requests.ts';
import type { World } from '../world.ts';

/**
 * Every Logstore asked for exists exactly once with the encryption asked
 * for, or the request ended in a refusal that names why. Judged from the
 * local cloud's own store and request log, not from keyguard's answers
 * alone.
 */
interface Ended {
  readonly what: string;
  readonly spec: RequestSpec;
  readonly status: number;
  readonly code?: string;
  readonly message?: string;
}

const ended = (ledger: Ledger): Ended[] => {
  const out: Ended[] = [];
  ledger.http.forEach((record, index) => {
    const last = record.answers.at(-1);
    if (last === undefined) return;
    out.push({
      what: `HTTP request #${index} (${last.requestId})`,
      spec: record.spec,
      status: last.status,
      ...(typeof last.body.code === 'string' ? { code: last.body.code } : {}),
      ...(typeof last.body.message === 'string'
        ? { message: last.body.message }
        : {}),
    });
  });
  for (const invocation of ledger.invocations) {
    for (const result of invocation.result?.messages ?? []) {
      const spec = ledger.messages.get(result.messageId)?.spec;
      if (spec === undefined || result.code === 'unavailable') continue;
      out.push({
        what: `message ${result.messageId} in ${invocation.requestId}`,
        spec,
        status: result.status,
        ...(result.code === undefined ? {} : { code: result.code }),
        message: result.code ?? '',
      });
    }
  }
  return out;
};

interface StoredConf {
  readonly enable?: boolean;
  readonly encrypt_type?: string;
  readonly user_cmk_info?: {
    readonly cmk_key_id?: string;
    readonly arn?: string;
    readonly region_id?: string;
  };
}

const sameEncryption = (
  stored: StoredConf | undefined,
  asked: Encryption,
): boolean =>
  stored?.enable === true &&
  stored.encrypt_type === asked.encryptType &&
  (asked.keyId === undefined
    ? stored.user_cmk_info === undefined
    : stored.user_cmk_info?.cmk_key_id === asked.keyId &&
      typeof stored.user_cmk_info.arn === 'string' &&
      typeof stored.user_cmk_info.region_id === 'string');

export const checkLogstores = (world: World, ledger: Ledger): string[] => {
  const violations: string[] = [];
  const stores = new Map(
    world.cloud.sls
      .snapshot()
      .logstores.map((l) => [`${l.project}/${l.logstoreName}`, l]),
  );
  const creates = new Map<string, number>();
  for (const entry of world.cloud.control.requests({
    service: 'sls',
    operation: 'CreateLogStore',
  })) {
    if (entry.status !== 200) continue;
    const name = (JSON.parse(entry.body) as { logstoreName?: string })
      .logstoreName;
    const key = `${entry.project}/${name}`;
    creates.set(key, (creates.get(key) ?? 0) + 1);
  }
  for (const [key, count] of creates) {
    if (count > 1) violations.push(`${key} was created ${count} times`);
  }

  const succeeded = new Map<string, Encryption[]>();
  for (const request of ended(ledger)) {
    const key = `${request.spec.project}/${request.spec.logstoreName}`;
    if (request.status < 300) {
      const stored = stores.get(key);
      const conf = stored?.fields.encrypt_conf as StoredConf | undefined;
      if (stored === undefined) {
        violations.push(`${request.what} succeeded but ${key} does not exist`);
      } else if (!sameEncryption(conf, request.spec.encryption)) {
        violations.push(
          `${request.what} succeeded but ${key} holds ` +
            `${JSON.stringify(conf)}, not ` +
            JSON.stringify(request.spec.encryption),
        );
      }
      succeeded.set(key, [
        ...(succeeded.get(key) ?? []),
        request.spec.encryption,
      ]);
      continue;
    }
    const known = request.code !== undefined && request.code in ERROR_CODES;
    if (!known || request.message === undefined || request.message === '') {
      violations.push(
        `${request.what} ended ${request.status} without a known code and ` +
          `reason (code ${request.code ?? 'none'})`,
      );
    }
    if (request.code === 'unavailable') {
      violations.push(`${request.what} still ended 503 after the run settled`);
    }
  }
  for (const [key] of creates) {
    const stored = stores.get(key);
    const conf = stored?.fields.encrypt_conf as StoredConf | undefined;
    const asked = succeeded.get(key) ?? [];
    if (stored === undefined) {
      violations.push(`${key} was created but no longer exists`);
    } else if (!asked.some((encryption) => sameEncryption(conf, encryption))) {
      violations.push(
        `${key} exists with ${JSON.stringify(conf)}, which no successful ` +
          'request asked for',
      );
    }
  }
  return violations;
};
