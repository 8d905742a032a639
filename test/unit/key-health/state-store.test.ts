import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupFindings } from '../../../shared/health/alert-draft.ts';
import type { Binding } from '../../../shared/health/binding.ts';
import { reconcile } from '../../../shared/health/lifecycle.ts';
import {
  createDirectoryStore,
  type StoreProblem,
} from '../../../shared/health/state-store.ts';

const binding: Binding = {
  project: 'demo-proj',
  logstore: 'app-audit',
  projectRegion: 'cn-hangzhou',
  protection: 'byok',
  keyId: 'key-demo0002',
  keyRegion: 'cn-hangzhou',
  readAt: 1,
};

const record = () => {
  const { records } = reconcile({
    records: new Map(),
    drafts: groupFindings([
      {
        kind: 'key_disabled',
        severity: 'critical',
        detail: 'disabled',
        remedy: 'enable',
        keyId: 'key-demo0002',
        keyRegion: 'cn-hangzhou',
        logstores: ['demo-proj/app-audit'],
        dates: [],
      },
    ]),
    resolution: () => undefined,
    mutedIds: new Set(),
    now: 1,
    timeZone: 'UTC',
  });
  const [value] = records.values();
  if (value === undefined) throw new Error('no record');
  return value;
};

describe('the directory state store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'keyguard-store-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps bindings and alerts across a new store on the same directory', async () => {
    const first = createDirectoryStore(dir);
    await first.saveBinding(binding);
    await first.saveAlert(record());
    await first.saveScan({ fullRefreshAt: { 'cn-hangzhou': 7 } });

    const cold = createDirectoryStore(dir);

    expect(await cold.loadBindings()).toEqual([binding]);
    expect([...(await cold.loadAlerts()).values()]).toEqual([record()]);
    expect(await cold.loadScan()).toEqual({
      fullRefreshAt: { 'cn-hangzhou': 7 },
    });
  });

  it('writes one file per binding and per alert, each with a schema version', async () => {
    const store = createDirectoryStore(dir);
    await store.saveBinding(binding);
    await store.saveAlert(record());

    const files = await readdir(dir, { recursive: true });
    const alert = JSON.parse(
      await readFile(
        path.join(dir, 'key-health/alerts/key.cn-hangzhou.key-demo0002.json'),
        'utf8',
      ),
    );

    expect(files).toContain(
      path.join('key-health', 'bindings', 'demo-proj', 'app-audit.json'),
    );
    expect(alert.schema).toBe(1);
  });

  it('deletes what it is told to and starts empty on a fresh directory', async () => {
    const store = createDirectoryStore(dir);
    await store.saveBinding(binding);
    await store.saveAlert(record());

    await store.deleteBinding('demo-proj', 'app-audit');
    await store.deleteAlert(record().alertId);

    expect(await store.loadBindings()).toEqual([]);
    expect((await store.loadAlerts()).size).toBe(0);
    expect(
      await createDirectoryStore(path.join(dir, 'none')).loadScan(),
    ).toEqual({
      fullRefreshAt: {},
    });
  });

  it('keeps the last of concurrent saves of one alert', async () => {
    // The order in which the file system finishes the writes varies, so
    // try many fresh directories: each must end with the last save.
    const base = record();
    const kept: number[] = [];
    for (let round = 0; round < 100; round += 1) {
      const roundDir = path.join(dir, `round-${round}`);
      const store = createDirectoryStore(roundDir);
      await Promise.all(
        [1, 2, 3, 4].map((updatedAt) =>
          store.saveAlert({ ...base, updatedAt }),
        ),
      );
      const cold = createDirectoryStore(roundDir);
      kept.push((await cold.loadAlerts()).get(base.alertId)?.updatedAt ?? 0);
    }

    expect(kept.filter((updatedAt) => updatedAt !== 4)).toEqual([]);
  });

  it('reports a file it cannot read and leaves it in place', async () => {
    const problems: StoreProblem[] = [];
    const store = createDirectoryStore(dir, (p) => problems.push(p));
    await store.saveAlert(record());
    const future = path.join(dir, 'key-health/alerts/other.json');
    await writeFile(future, JSON.stringify({ schema: 2, alertId: 'other' }));

    const alerts = await store.loadAlerts();

    expect([...alerts.keys()]).toEqual([record().alertId]);
    expect(problems.map((p) => path.basename(p.file))).toEqual(['other.json']);
    expect(await readFile(future, 'utf8')).toContain('"schema":2');
  });
});
