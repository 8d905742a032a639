import { readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import type { z } from 'zod';
import { ALERT_SCHEMA, type AlertRecord } from './alert-record.ts';
import type { Binding } from './binding.ts';
import { createFileWriter } from './file-writes.ts';
import {
  alertFile,
  BINDING_SCHEMA,
  bindingFile,
  SCAN_SCHEMA,
  type ScanState,
  scanFile,
} from './state-schema.ts';
import {
  errorCode,
  readJson,
  readVersioned,
  type StoreProblem,
} from './versioned-json.ts';

/**
 * The durable memory of key-health: a directory (locally `.keyguard/`, in
 * FC an OSS bucket mounted with ossMountConfig) holding one JSON file per
 * binding and per alert. Each write goes to a temporary file that is then
 * renamed over the old one, so a crash loses at most the write in flight
 * and never leaves half a file.
 */
export interface StateStore {
  loadBindings(): Promise<Binding[]>;
  saveBinding(binding: Binding): Promise<void>;
  deleteBinding(project: string, logstore: string): Promise<void>;
  loadAlerts(): Promise<Map<string, AlertRecord>>;
  saveAlert(record: AlertRecord): Promise<void>;
  deleteAlert(alertId: string): Promise<void>;
  loadScan(): Promise<ScanState>;
  saveScan(scan: ScanState): Promise<void>;
  /** Alert files the last loadAlerts could not take as records. A store
   * that holds nothing it cannot read (the CLI's, in memory) has none. */
  unreadableAlerts?(): UnreadableAlerts;
}

/**
 * Alert files by why they could not be read. A newer keyguard's file
 * (after a rollback) is left exactly as it is: this version cannot tell
 * what it says, and the newer one will want it back. A damaged or
 * unreadable file holds nothing usable: its next save sets it aside as
 * `<id>.json.corrupt` and writes a fresh record in its place.
 */
export interface UnreadableAlerts {
  readonly newer: ReadonlySet<string>;
  readonly corrupt: ReadonlySet<string>;
}

// File system calls at once: enough to hide OSS mount latency, few
// enough not to run out of descriptors.
const IO_CONCURRENCY = 16;

const listJson = async (dir: string): Promise<string[]> => {
  try {
    const entries = await readdir(dir, { recursive: true });
    return entries.filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    throw error;
  }
};

const jsonText = (value: unknown): string =>
  `${JSON.stringify(value, null, 2)}\n`;

const remove = (file: string): Promise<void> => rm(file, { force: true });

export const createDirectoryStore = (
  root: string,
  onProblem: (problem: StoreProblem) => void = () => {},
): StateStore => {
  const base = path.join(root, 'key-health');
  const bindingsDir = path.join(base, 'bindings');
  const alertsDir = path.join(base, 'alerts');
  const scanPath = path.join(base, 'scan.json');
  const io = pLimit(IO_CONCURRENCY);
  const writer = createFileWriter();
  const writeJson = (file: string, value: unknown) =>
    writer.durable(file, jsonText(value));
  // Writes to one file land in the order they were asked for. Each write
  // awaits mkdir first, and those finish in any order: without this, a
  // channel's older record could overwrite one that holds a later
  // channel's confirmation, and that channel would be told again (or
  // never told the alert resolved).
  const pending = new Map<string, Promise<void>>();
  const inOrder = (file: string, task: () => Promise<void>) => {
    const run = () => io(task);
    const next = (pending.get(file) ?? Promise.resolve()).then(run, run);
    pending.set(file, next);
    const forget = () => {
      if (pending.get(file) === next) pending.delete(file);
    };
    next.then(forget, forget);
    return next;
  };
  // Project and Logstore names are plain `a-z 0-9 _ -` (platform-facts
  // §1), so they are safe as path segments.
  const bindingPath = (project: string, logstore: string): string =>
    path.join(bindingsDir, project, `${logstore}.json`);
  const alertPath = (alertId: string): string =>
    path.join(alertsDir, `${alertId}.json`);

  const readAll = async <S extends z.ZodType>(
    dir: string,
    schema: S,
    current: number,
  ) => {
    const names = await listJson(dir);
    const files = await Promise.all(
      names.map((name) =>
        io(() => readJson(path.join(dir, name), schema, current, onProblem)),
      ),
    );
    return files.filter((file) => file !== undefined);
  };

  // What the last load found, and the damaged files not yet set aside.
  let found: UnreadableAlerts = { newer: new Set(), corrupt: new Set() };
  let toSetAside = new Set<string>();
  const readAlerts = async () => {
    const seen = { newer: new Set<string>(), unusable: new Set<string>() };
    const names = await listJson(alertsDir);
    const files = await Promise.all(
      names.map((name) =>
        io(async () => {
          const file = path.join(alertsDir, name);
          const read = await readVersioned(file, alertFile, ALERT_SCHEMA);
          if (read.kind === 'read') return read.value;
          if (read.kind === 'missing') return undefined;
          // Alert files lie flat: anything in a subdirectory is not ours.
          const alertId = name.includes(path.sep)
            ? undefined
            : name.slice(0, -'.json'.length);
          const fate =
            alertId === undefined
              ? 'skipped'
              : read.kind === 'newer'
                ? 'left alone'
                : 'set aside on its next save';
          onProblem({ file, reason: `${read.reason}; ${fate}` });
          if (alertId !== undefined) seen[read.kind].add(alertId);
          return undefined;
        }),
      ),
    );
    found = { newer: seen.newer, corrupt: seen.unusable };
    toSetAside = new Set(seen.unusable);
    return files.filter((file) => file !== undefined);
  };
  const setAside = async (file: string) => {
    const aside = `${file}.corrupt`;
    await rm(aside, { recursive: true, force: true });
    await rename(file, aside).catch((error: unknown) => {
      if (errorCode(error) !== 'ENOENT') throw error;
    });
  };
  // What the alert's file holds decides how it may be written.
  const writeAlert = (
    alertId: string,
    write: (file: string) => Promise<void>,
  ) => {
    const file = alertPath(alertId);
    if (found.newer.has(alertId)) return Promise.resolve();
    return inOrder(file, async () => {
      if (toSetAside.has(alertId)) {
        await setAside(file);
        toSetAside.delete(alertId);
      }
      await write(file);
    });
  };

  return {
    async loadBindings() {
      const files = await readAll(bindingsDir, bindingFile, BINDING_SCHEMA);
      // JSON holds no `undefined`, so the optional fields are truly absent.
      return files.map((file) => file.binding as Binding);
    },
    saveBinding: (binding) => {
      const file = bindingPath(binding.project, binding.logstore);
      return inOrder(file, () =>
        writer.cached(file, jsonText({ schema: BINDING_SCHEMA, binding })),
      );
    },
    deleteBinding: (project, logstore) => {
      const file = bindingPath(project, logstore);
      return inOrder(file, () => remove(file));
    },
    async loadAlerts() {
      const files = await readAlerts();
      return new Map(
        files.map((file) => [file.alertId, file as AlertRecord] as const),
      );
    },
    saveAlert: (record) =>
      writeAlert(record.alertId, (file) => writeJson(file, record)),
    deleteAlert: (alertId) => writeAlert(alertId, remove),
    unreadableAlerts: () => found,
    async loadScan() {
      const file = await readJson(scanPath, scanFile, SCAN_SCHEMA, onProblem);
      return { fullRefreshAt: file?.fullRefreshAt ?? {} };
    },
    saveScan: (scan) =>
      inOrder(scanPath, () =>
        writeJson(scanPath, { schema: SCAN_SCHEMA, ...scan }),
      ),
  };
};
