import type { SeedInput } from '../emulator/control.ts';
import { DEMO_ACCESS_KEY, DEMO_ACCOUNT_ID } from '../emulator/demo.ts';

/**
 * A generated account for the scan benchmarks: projects full of BYOK
 * Logstores, a third of the keys shared by many Logstores, the rest by a
 * few each, and some Logstores on SLS's service key. Deterministic, so
 * every run scans the same inventory.
 */
export interface InventoryShape {
  readonly projects: number;
  readonly logstoresPerProject: number;
  readonly keys: number;
  /** Logstores per key that is not one of the shared third. */
  readonly fewPerKey: number;
  /** Every n-th Logstore uses the service key. */
  readonly serviceKeyEvery: number;
}

export const ISSUE_INVENTORY: InventoryShape = {
  projects: 50,
  logstoresPerProject: 200,
  keys: 30,
  fewPerKey: 5,
  serviceKeyEvery: 10,
};

export const REGION = 'cn-hangzhou';
export const ROLE_ARN = `acs:ram::${DEMO_ACCOUNT_ID}:role/sls-byok-bench`;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export const projectName = (index: number) => `bench-p${pad(index, 3)}`;
export const keyIdOf = (index: number) => `key-bench-${pad(index, 3)}`;
export const logstoreName = (index: number) => `store-${pad(index, 4)}`;

export interface PlannedLogstore {
  readonly project: string;
  readonly logstoreName: string;
  /** Absent: the service key. */
  readonly keyId?: string;
}

/**
 * Which key each Logstore gets: every `serviceKeyEvery`-th none, the
 * first `fewPerKey` of each non-shared key's share next, and the rest
 * round-robin over the shared third.
 */
export const planInventory = (shape: InventoryShape): PlannedLogstore[] => {
  const shared = Math.max(1, Math.round(shape.keys / 3));
  const few = shape.keys - shared;
  const planned: PlannedLogstore[] = [];
  let byok = 0;
  for (let p = 0; p < shape.projects; p++) {
    for (let l = 0; l < shape.logstoresPerProject; l++) {
      const index = p * shape.logstoresPerProject + l;
      const base = { project: projectName(p), logstoreName: logstoreName(l) };
      if (index % shape.serviceKeyEvery === shape.serviceKeyEvery - 1) {
        planned.push(base);
        continue;
      }
      const keyIndex =
        byok < few * shape.fewPerKey
          ? shared + Math.floor(byok / shape.fewPerKey)
          : byok % shared;
      planned.push({ ...base, keyId: keyIdOf(keyIndex) });
      byok += 1;
    }
  }
  return planned;
};

export const logstoreSeed = (planned: PlannedLogstore) => ({
  accountId: DEMO_ACCOUNT_ID,
  project: planned.project,
  logstoreName: planned.logstoreName,
  ttl: 30,
  shardCount: 2,
  encrypt_conf: {
    enable: true,
    encrypt_type: 'default',
    ...(planned.keyId === undefined
      ? {}
      : {
          user_cmk_info: {
            cmk_key_id: planned.keyId,
            arn: ROLE_ARN,
            region_id: REGION,
          },
        }),
  },
});

/** The demo account alone, its keys, projects and Logstores. */
export const inventorySeed = (shape: InventoryShape): SeedInput => ({
  accounts: [{ accountId: DEMO_ACCOUNT_ID, accessKeys: [DEMO_ACCESS_KEY] }],
  projects: Array.from({ length: shape.projects }, (_, p) => ({
    accountId: DEMO_ACCOUNT_ID,
    name: projectName(p),
    region: REGION,
  })),
  keys: Array.from({ length: shape.keys }, (_, k) => ({
    accountId: DEMO_ACCOUNT_ID,
    region: REGION,
    keyId: keyIdOf(k),
    keySpec: 'Aliyun_AES_256',
    deletionProtection: true,
  })),
  logstores: planInventory(shape).map(logstoreSeed),
});

/** Logstores added after the first scan, spread over the projects. */
export const addedLogstores = (
  shape: InventoryShape,
  count: number,
): PlannedLogstore[] =>
  Array.from({ length: count }, (_, i) => ({
    project: projectName((i * 7) % shape.projects),
    logstoreName: `added-${pad(i, 3)}`,
    keyId: keyIdOf(i % shape.keys),
  }));

export const distinctKeys = (planned: readonly PlannedLogstore[]): number =>
  new Set(planned.flatMap((p) => (p.keyId === undefined ? [] : [p.keyId])))
    .size;
