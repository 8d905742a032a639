import type {
  EmulatorRequest,
  EmulatorResponse,
  SeedLogstore,
  SeedProject,
  Service,
  ServiceDeps,
} from '../types.ts';
import { authenticate } from './auth.ts';
import type { ByokReadFailure, Operation } from './context.ts';
import {
  invalidParameter,
  SLS_ERROR,
  SlsError,
  slsErrorResponse,
} from './errors.ts';
import { getLogStore, getLogs, listLogStores } from './logstore-reads.ts';
import {
  createLogStore,
  deleteLogStore,
  updateLogStore,
  updateLogStoreEncryption,
} from './logstore-writes.ts';
import {
  createProject,
  getProject,
  listProject,
} from './project-operations.ts';
import { routeOf, type SlsOperation, UNKNOWN_OPERATION } from './routes.ts';
import { planSlsSeed, type SlsSeed } from './seed.ts';
import { SlsStore, type StoredLogstore, type StoredProject } from './store.ts';

/**
 * The SLS management API as `@alicloud/sls20201230` talks to it: signed
 * requests (v1 and v4), regional projects, Logstores with their encryption
 * settings, and reads that fail when a BYOK key is not usable.
 */
export interface SlsServiceDeps extends ServiceDeps {
  /** Effective state of a KMS key; undefined when it does not exist. */
  readonly keyStateOf: (
    accountId: string,
    region: string,
    keyId: string,
  ) => string | undefined;
}

export interface SlsSnapshot {
  readonly projects: StoredProject[];
  readonly logstores: StoredLogstore[];
}

export interface SlsService extends Service {
  readonly name: 'sls';
  /** Checks a whole seed, throwing on the first problem; the answer
   * stores it. Nothing is stored when it throws. */
  planSeed(seed: SlsSeed): () => void;
  seedProject(project: SeedProject): void;
  seedLogstore(logstore: SeedLogstore): void;
  /** What GetLogs answers on a BYOK Logstore whose key is not Enabled.
   * Default 403 KMSKeyNotEnabled. */
  setByokReadFailure(failure: ByokReadFailure): void;
  /** For tests and chaos invariants: every project and Logstore with its
   * stored fields (deep copies). */
  snapshot(): SlsSnapshot;
}

const DEFAULT_BYOK_READ_FAILURE: ByokReadFailure = {
  status: 403,
  code: SLS_ERROR.KMSKeyNotEnabled,
};

const OPERATIONS: Record<SlsOperation, Operation> = {
  ListProject: listProject,
  GetProject: getProject,
  CreateProject: createProject,
  CreateLogStore: createLogStore,
  GetLogStore: getLogStore,
  ListLogStores: listLogStores,
  UpdateLogStore: updateLogStore,
  UpdateLogStoreEncryption: updateLogStoreEncryption,
  DeleteLogStore: deleteLogStore,
  GetLogs: getLogs,
};

export const createSlsService = (deps: SlsServiceDeps): SlsService => {
  const store = new SlsStore();
  let byokReadFailure = DEFAULT_BYOK_READ_FAILURE;
  const nowSeconds = () => Math.floor(deps.clock.now() / 1000);

  const serverError = (request: EmulatorRequest): EmulatorResponse =>
    slsErrorResponse(
      request.requestId,
      500,
      SLS_ERROR.InternalServerError,
      'Internal server error.',
    );

  const handle = async (request: EmulatorRequest) => {
    let accountId: string | undefined;
    try {
      const route = routeOf(request);
      accountId = authenticate(request, deps.accounts);
      if (route.operation === UNKNOWN_OPERATION) {
        throw invalidParameter(
          `no SLS operation answers ${request.method} ${request.path}`,
        );
      }
      return OPERATIONS[route.operation]({
        request,
        accountId,
        region: request.host.region,
        ...(route.logstore === undefined ? {} : { logstore: route.logstore }),
        store,
        deps,
        byokReadFailure,
      });
    } catch (error) {
      if (!(error instanceof SlsError)) return serverError(request);
      return slsErrorResponse(
        request.requestId,
        error.status,
        error.code,
        error.message,
        accountId,
      );
    }
  };

  return {
    name: 'sls',
    operationOf: (request) => routeOf(request).operation,
    handle,
    errorResponse: (request, status, code, message) =>
      slsErrorResponse(request.requestId, status, code, message),
    throttleResponse: (request) =>
      slsErrorResponse(
        request.requestId,
        429,
        SLS_ERROR.ServerBusy,
        'The server is busy, please try again later.',
      ),
    serverErrorResponse: serverError,
    reset() {
      store.reset();
      byokReadFailure = DEFAULT_BYOK_READ_FAILURE;
    },
    planSeed: (seed) => {
      const apply = planSlsSeed(store, deps.defaultRegion, seed);
      return () => apply(nowSeconds());
    },
    seedProject: (project) =>
      planSlsSeed(store, deps.defaultRegion, { projects: [project] })(
        nowSeconds(),
      ),
    seedLogstore: (logstore) =>
      planSlsSeed(store, deps.defaultRegion, { logstores: [logstore] })(
        nowSeconds(),
      ),
    setByokReadFailure(failure) {
      if (!Number.isInteger(failure.status) || failure.status < 400) {
        throw new Error('a BYOK read failure needs a 4xx or 5xx status');
      }
      if (typeof failure.code !== 'string' || failure.code === '') {
        throw new Error('a BYOK read failure needs an error code');
      }
      byokReadFailure = { ...failure };
    },
    snapshot: () => store.snapshot(),
  };
};
