import type { EmulatorRequest } from '../types.ts';

/**
 * Which SLS operation a request is, named as the SDK names it, and the
 * Logstore it addresses. The same paths serve several operations: GET on a
 * Logstore is GetLogs when the query says `type=log` (the SDK puts
 * `?type=log` into GetLogs' path) and GetLogStore otherwise; GET / is
 * GetProject on a project host and ListProject on the bare endpoint.
 */
export const SLS_OPERATIONS = [
  'ListProject',
  'GetProject',
  'CreateProject',
  'CreateLogStore',
  'GetLogStore',
  'ListLogStores',
  'UpdateLogStore',
  'UpdateLogStoreEncryption',
  'DeleteLogStore',
  'GetLogs',
] as const;

export type SlsOperation = (typeof SLS_OPERATIONS)[number];

/** What the request log and faults see for a path the emulator lacks. */
export const UNKNOWN_OPERATION = 'UnknownOperation';

export interface SlsRoute {
  readonly operation: SlsOperation | typeof UNKNOWN_OPERATION;
  readonly logstore?: string;
}

const LOGSTORE_PATH = /^\/logstores\/([^/]+)(\/encryption)?\/?$/;

const decoded = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

export const routeOf = (request: EmulatorRequest): SlsRoute => {
  const method = request.method.toUpperCase();
  const path = request.path;
  if (path === '/' || path === '') {
    if (method === 'POST') return { operation: 'CreateProject' };
    if (method === 'GET') {
      return {
        operation:
          request.host.project === undefined ? 'ListProject' : 'GetProject',
      };
    }
    return { operation: UNKNOWN_OPERATION };
  }
  if (path === '/logstores' || path === '/logstores/') {
    if (method === 'POST') return { operation: 'CreateLogStore' };
    if (method === 'GET') return { operation: 'ListLogStores' };
    return { operation: UNKNOWN_OPERATION };
  }
  const match = LOGSTORE_PATH.exec(path);
  if (match === null || match[1] === undefined) {
    return { operation: UNKNOWN_OPERATION };
  }
  const logstore = decoded(match[1]);
  if (match[2] !== undefined) {
    return method === 'PUT'
      ? { operation: 'UpdateLogStoreEncryption', logstore }
      : { operation: UNKNOWN_OPERATION, logstore };
  }
  switch (method) {
    case 'GET':
      return {
        operation: request.query.type === 'log' ? 'GetLogs' : 'GetLogStore',
        logstore,
      };
    case 'PUT':
      return { operation: 'UpdateLogStore', logstore };
    case 'DELETE':
      return { operation: 'DeleteLogStore', logstore };
    default:
      return { operation: UNKNOWN_OPERATION, logstore };
  }
};
