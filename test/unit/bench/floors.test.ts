import { describe, expect, it } from 'vitest';
import {
  coldScanFloor,
  idealWallMs,
  repeatScanFloor,
} from '../../../bench/floors.ts';
import {
  addedLogstores,
  distinctKeys,
  ISSUE_INVENTORY,
  planInventory,
} from '../../../bench/inventory.ts';

describe('the scan floor', () => {
  it('counts one page per 500, one read per Logstore and one per key', () => {
    const floor = coldScanFloor({
      logstoresPerProject: Array.from({ length: 50 }, () => 200),
      distinctKeys: 30,
    });

    expect(floor).toEqual({
      listProject: 1,
      listLogStores: 50,
      getLogStore: 10_000,
      describeKey: 30,
      total: 10_081,
    });
  });

  it('still lists an empty project once and pages a 501st Logstore', () => {
    const floor = coldScanFloor({
      logstoresPerProject: [0, 501],
      distinctKeys: 0,
    });

    expect(floor.listLogStores).toBe(3);
    expect(floor.getLogStore).toBe(501);
  });

  it('reads only the new Logstores on a repeat scan', () => {
    const floor = repeatScanFloor(
      { logstoresPerProject: [200, 201], distinctKeys: 30 },
      10,
    );

    expect(floor.total).toBe(1 + 2 + 10 + 30);
  });
});

describe('the ideal wall time', () => {
  it('spreads the calls over the slots, and lets the KMS rate cap win', () => {
    const few = { slsCalls: 3_200, latencyMs: 20, concurrency: 32 };

    // 3,200 × 20 ÷ 32 = 2,000 ms; 30 keys fit one window of 40.
    expect(idealWallMs({ ...few, kmsCalls: 30, kmsQps: 40 })).toBe(2_020);
    // 90 keys need three windows: the last starts 2 s in.
    expect(idealWallMs({ ...few, kmsCalls: 90, kmsQps: 40 })).toBe(4_020);
  });
});

describe('the generated inventory', () => {
  it('has a third of its keys shared and some service-key Logstores', () => {
    const planned = planInventory(ISSUE_INVENTORY);
    const perKey = new Map<string, number>();
    for (const p of planned) {
      const key = p.keyId ?? 'service';
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
    }

    expect(planned).toHaveLength(10_000);
    expect(distinctKeys(planned)).toBe(30);
    expect(perKey.get('service')).toBe(1_000);
    const shared = [...perKey].filter(([k, n]) => k !== 'service' && n > 100);
    expect(shared).toHaveLength(10);
    expect(perKey.get('key-bench-029')).toBe(5);
  });

  it('adds Logstores under the same keys, in distinct projects', () => {
    const added = addedLogstores(ISSUE_INVENTORY, 10);

    expect(new Set(added.map((a) => a.project)).size).toBe(10);
    expect(distinctKeys(added)).toBe(10);
  });
});
