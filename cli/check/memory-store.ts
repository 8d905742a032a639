import type { AlertRecord } from '../../shared/health/alert-record.ts';
import type { Binding } from '../../shared/health/binding.ts';
import type { ScanState } from '../../shared/health/state-schema.ts';
import type { StateStore } from '../../shared/health/state-store.ts';

/**
 * `keyguard check` runs key-health's own core with this store: it starts
 * empty, so every Logstore is read afresh and every finding comes out as
 * a current alert, and it keeps everything in memory, so an operator's
 * check never touches the deployed function's state (which is what
 * decides whether channels have already been told).
 */
export interface MemoryStore extends StateStore {
  /** The alerts the run settled on, by id. */
  readonly alerts: ReadonlyMap<string, AlertRecord>;
}

export const createMemoryStore = (): MemoryStore => {
  const bindings = new Map<string, Binding>();
  const alerts = new Map<string, AlertRecord>();
  let scan: ScanState = { fullRefreshAt: {} };
  const bindingKey = (project: string, logstore: string) =>
    `${project}/${logstore}`;

  return {
    alerts,
    loadBindings: async () => [...bindings.values()],
    saveBinding: async (binding) => {
      bindings.set(bindingKey(binding.project, binding.logstore), binding);
    },
    deleteBinding: async (project, logstore) => {
      bindings.delete(bindingKey(project, logstore));
    },
    loadAlerts: async () => new Map(alerts),
    saveAlert: async (record) => {
      alerts.set(record.alertId, record);
    },
    deleteAlert: async (alertId) => {
      alerts.delete(alertId);
    },
    loadScan: async () => scan,
    saveScan: async (next) => {
      scan = next;
    },
  };
};
