import {
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupFindings } from '../../../shared/health/alert-draft.ts';
import type { Binding } from '../../../shared/health/binding.ts';
import { reconcile } from '../../../shared/health/lifecycle.ts';
import { createDirectoryStore } from '../../../shared/health/state-store.ts';
import type { StoreProblem } from '../../../shared/health/versioned-json.ts';

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

describe('state files the store cannot take as they are', () => {
  let dir: string;
  let problems: StoreProblem[];
  const alerts = () => path.join(dir, 'key-health/alerts');
  const alertFilePath = () => path.join(alerts(), `${record().alertId}.json`);
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'keyguard-store-'));
    problems = [];
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const reported = () => problems.map((p) => path.basename(p.file));

  it('reports a directory named like a binding file and reads the rest', async () => {
    const store = createDirectoryStore(dir, (p) => problems.push(p));
    await store.saveBinding(binding);
    await mkdir(path.join(dir, 'key-health/bindings/demo-proj/weird.json'));

    const bindings = await store.loadBindings();

    expect(bindings).toEqual([binding]);
    expect(reported()).toEqual(['weird.json']);
    expect(problems[0]?.reason).toContain('EISDIR');
  });

  it('reports a directory named like an alert file and reads the rest', async () => {
    const store = createDirectoryStore(dir, (p) => problems.push(p));
    await store.saveAlert(record());
    await mkdir(path.join(alerts(), 'odd.json'));

    const loaded = await store.loadAlerts();

    expect([...loaded.keys()]).toEqual([record().alertId]);
    expect(reported()).toEqual(['odd.json']);
    expect(store.unreadableAlerts?.().corrupt).toEqual(new Set(['odd']));
  });

  it('never overwrites or deletes an alert file of a newer schema', async () => {
    const store = createDirectoryStore(dir, (p) => problems.push(p));
    await store.saveAlert(record());
    const newer = JSON.stringify({ schema: 2, alertId: record().alertId });
    await writeFile(alertFilePath(), newer);

    const loaded = await store.loadAlerts();
    await store.saveAlert(record());
    await store.deleteAlert(record().alertId);

    expect(loaded.size).toBe(0);
    expect(store.unreadableAlerts?.().newer).toEqual(
      new Set([record().alertId]),
    );
    expect(problems[0]?.reason).toMatch(/newer.*schema 2/);
    expect(await readFile(alertFilePath(), 'utf8')).toBe(newer);
  });

  it('sets a damaged alert file aside when it is next saved', async () => {
    const store = createDirectoryStore(dir, (p) => problems.push(p));
    await store.saveAlert(record());
    await writeFile(alertFilePath(), '{"schema":1,"alertId":"key.cn-ha');

    const loaded = await store.loadAlerts();
    await store.saveAlert(record());
    const again = await createDirectoryStore(dir, (p) =>
      problems.push(p),
    ).loadAlerts();

    expect(loaded.size).toBe(0);
    expect(store.unreadableAlerts?.().corrupt).toEqual(
      new Set([record().alertId]),
    );
    expect([...again.values()]).toEqual([record()]);
    expect(problems).toHaveLength(1);
    expect(await readFile(`${alertFilePath()}.corrupt`, 'utf8')).toBe(
      '{"schema":1,"alertId":"key.cn-ha',
    );
  });
});
