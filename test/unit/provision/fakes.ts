import type { Clock } from '../../../shared/clock.ts';
import { KeyguardError } from '../../../shared/errors.ts';
import type { KeyMetadata, KmsApi } from '../../../shared/kms/key-metadata.ts';
import { createLogger, memoryDestination } from '../../../shared/logging.ts';
import type { KeyRules } from '../../../shared/provision/key-check.ts';
import type { Policy } from '../../../shared/provision/policy.ts';
import type { ProvisionDeps } from '../../../shared/provision/provision.ts';
import type {
  Logstore,
  LogstoreSpec,
  SlsApi,
} from '../../../shared/sls/logstore.ts';

/**
 * Small in-memory stand-ins for the SLS and KMS ports, for the core's
 * pure logic only. Every acceptance test runs against the local cloud.
 */
export const ACCOUNT = '1111222233334444';
export const ROLE = `acs:ram::${ACCOUNT}:role/sls-byok-demo`;

export const byokRequest = (overrides: Record<string, unknown> = {}) => ({
  project: 'demo-proj',
  logstoreName: 'app-audit',
  shardCount: 2,
  ttl: 30,
  encrypt_conf: {
    enable: true,
    encrypt_type: 'sm4_gcm',
    user_cmk_info: {
      cmk_key_id: 'key-demo0001',
      arn: ROLE,
      region_id: 'cn-hangzhou',
    },
  },
  ...overrides,
});

export const enabledKey = (
  overrides: Partial<KeyMetadata> = {},
): KeyMetadata => ({
  keyId: 'key-demo0001',
  region: 'cn-hangzhou',
  keyState: 'Enabled',
  keySpec: 'Aliyun_SM4',
  keyUsage: 'ENCRYPT/DECRYPT',
  origin: 'Aliyun_KMS',
  deletionProtection: true,
  ...overrides,
});

export type Step = () => void;

export interface FakeSls extends SlsApi {
  readonly stored: Map<string, Logstore>;
  readonly calls: string[];
  /** Runs before the next call of that operation, then is dropped. */
  readonly before: Map<string, Step[]>;
  /** Overrides what SLS stores on create (the model trap). */
  storeAs?: (spec: LogstoreSpec) => LogstoreSpec;
}

const next = (steps: Map<string, Step[]>, operation: string) =>
  steps.get(operation)?.shift()?.();

export const fakeSls = (): FakeSls => {
  const stored = new Map<string, Logstore>();
  const calls: string[] = [];
  const before = new Map<string, Step[]>();
  const sls: FakeSls = {
    stored,
    calls,
    before,
    getProject: async () => undefined,
    getLogstore: async (project, logstore) => {
      calls.push('GetLogStore');
      next(before, 'GetLogStore');
      return stored.get(`${project}/${logstore}`);
    },
    createLogstore: async (project, spec) => {
      calls.push('CreateLogStore');
      next(before, 'CreateLogStore');
      const id = `${project}/${spec.logstoreName}`;
      if (stored.has(id)) {
        throw new KeyguardError('exists', {
          code: 'logstore_exists',
          status: 409,
        });
      }
      stored.set(id, { project, ...(sls.storeAs?.(spec) ?? spec) });
    },
    listProjects: async () => ({ total: 0, items: [] }),
    listLogstores: async () => ({ total: 0, items: [] }),
  };
  return sls;
};

export const fakeKms = (keys: readonly KeyMetadata[]) => {
  const calls: string[] = [];
  const kmsIn = (region: string): KmsApi => ({
    describeKey: async (keyId) => {
      calls.push(`${region}:${keyId}`);
      const key = keys.find((k) => k.keyId === keyId && k.region === region);
      if (key === undefined) {
        throw new KeyguardError('no key', {
          code: 'key_not_found',
          status: 404,
        });
      }
      return key;
    },
  });
  return { kmsIn, calls };
};

export const openPolicy = (overrides: Partial<Policy> = {}): Policy => ({
  allowedProjects: ['*'],
  allowedRegions: ['*'],
  allowedRoleArns: ['acs:ram::{accountId}:role/*'],
  allowServiceKey: true,
  allowedEncryptTypes: ['default', 'm4', 'sm4_gcm', 'aes_gcm'],
  ...overrides,
});

export const KEY_RULES: KeyRules = {
  materialExpiryDays: 30,
  requireDeletionProtection: false,
};

export const NOW = Date.parse('2026-01-01T00:00:00Z');
export const fixedClock: Clock = { now: () => NOW };

/** Tries each call once; the real retry policy is tested elsewhere. */
export const coreDeps = (
  sls: SlsApi,
  keys: readonly KeyMetadata[] = [enabledKey()],
  overrides: Partial<ProvisionDeps> = {},
) => {
  const lines = memoryDestination();
  const kms = fakeKms(keys);
  const deps: ProvisionDeps = {
    clients: { sls: () => sls, kms: kms.kmsIn },
    policy: openPolicy(),
    keyRules: KEY_RULES,
    functionRegion: 'cn-hangzhou',
    accountId: ACCOUNT,
    clock: fixedClock,
    retry: (_operation, call) => call(1),
    logger: createLogger({ destination: lines, level: 'debug' }),
    ...overrides,
  };
  return { deps, lines, kmsCalls: kms.calls };
};
