import type { EmulatorRequest, EmulatorResponse } from '../types.ts';
import {
  invalidParameter,
  logstoreNotExist,
  projectNotExist,
} from './errors.ts';
import type { SlsServiceDeps } from './service.ts';
import type { SlsStore, StoredLogstore, StoredProject } from './store.ts';

/** What every operation works with: one authenticated request. */
export interface ByokReadFailure {
  readonly status: number;
  readonly code: string;
  readonly message?: string;
}

export interface OperationContext {
  readonly request: EmulatorRequest;
  readonly accountId: string;
  /** The region named by the host. */
  readonly region: string;
  /** The Logstore named by the path, if any. */
  readonly logstore?: string;
  readonly store: SlsStore;
  readonly deps: SlsServiceDeps;
  readonly byokReadFailure: ByokReadFailure;
}

export type Operation = (context: OperationContext) => EmulatorResponse;

/** Emulator-clock seconds, the unit of SLS's createTime fields. */
export const nowSeconds = (context: OperationContext): number =>
  Math.floor(context.deps.clock.now() / 1000);

/**
 * The project named by the host, in the host's region: a project of
 * another region, or of another account, does not exist for this request.
 */
export const requireProject = (context: OperationContext): StoredProject => {
  const name = context.request.host.project;
  if (name === undefined) {
    throw invalidParameter(
      'this operation needs a project in the Host (project.endpoint)',
    );
  }
  const project = context.store.project(
    context.accountId,
    context.region,
    name,
  );
  if (project === undefined) throw projectNotExist(name);
  return project;
};

export const requireLogstore = (
  context: OperationContext,
  project: StoredProject,
): StoredLogstore => {
  const name = context.logstore ?? '';
  const logstore = context.store.logstore(
    context.accountId,
    context.region,
    project.name,
    name,
  );
  if (logstore === undefined) throw logstoreNotExist(name);
  return logstore;
};
