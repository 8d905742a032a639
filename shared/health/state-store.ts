import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import writeFileAtomic from 'write-file-atomic';
import type { z } from 'zod';
import type { AlertRecord } from './alert-record.ts';
import type { Binding } from './binding.ts';
import {
  alertFile,
  BINDING_SCHEMA,
  bindingFile,
  SCAN_SCHEMA,
  type ScanState,
  scanFile,
} from './state-schema.ts';

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
}

/** A file that could not be read; reported, then left alone. */
export interface StoreProblem {
  readonly file: string;
  readonly reason: string;
}

// File system calls at once: enough to hide OSS mount latency, few
// enough not to run out of descriptors.
const IO_CONCURRENCY = 16;

const listJson = async (dir: string): Promise<string[]> => {
  try {
    const entries = await readdir(dir, { recursive: true });
    return entries.filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
};

const readJson = async <S extends z.ZodType>(
  file: string,
  schema: S,
  onProblem: (problem: StoreProblem) => void,
): Promise<z.infer<S> | undefined> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    onProblem({ file, reason: parsed.error.issues[0]?.message ?? 'invalid' });
  } catch {
    onProblem({ file, reason: 'not JSON' });
  }
  return undefined;
};

const writeJson = async (file: string, value: unknown): Promise<void> => {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
};

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

  const readAll = async <S extends z.ZodType>(dir: string, schema: S) => {
    const names = await listJson(dir);
    const files = await Promise.all(
      names.map((name) =>
        io(() => readJson(path.join(dir, name), schema, onProblem)),
      ),
    );
    return files.filter((file) => file !== undefined);
  };

  return {
    async loadBindings() {
      const files = await readAll(bindingsDir, bindingFile);
      // JSON holds no `undefined`, so the optional fields are truly absent.
      return files.map((file) => file.binding as Binding);
    },
    saveBinding: (binding) => {
      const file = bindingPath(binding.project, binding.logstore);
      return inOrder(file, () =>
        writeJson(file, { schema: BINDING_SCHEMA, binding }),
      );
    },
    deleteBinding: (project, logstore) => {
      const file = bindingPath(project, logstore);
      return inOrder(file, () => remove(file));
    },
    async loadAlerts() {
      const files = await readAll(alertsDir, alertFile);
      return new Map(
        files.map((file) => [file.alertId, file as AlertRecord] as const),
      );
    },
    saveAlert: (record) => {
      const file = alertPath(record.alertId);
      return inOrder(file, () => writeJson(file, record));
    },
    deleteAlert: (alertId) => {
      const file = alertPath(alertId);
      return inOrder(file, () => remove(file));
    },
    async loadScan() {
      const file = await readJson(scanPath, scanFile, onProblem);
      return { fullRefreshAt: file?.fullRefreshAt ?? {} };
    },
    saveScan: (scan) =>
      inOrder(scanPath, () =>
        writeJson(scanPath, { schema: SCAN_SCHEMA, ...scan }),
      ),
  };
};
