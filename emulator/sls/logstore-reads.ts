import {
  type Operation,
  type OperationContext,
  requireLogstore,
  requireProject,
} from './context.ts';
import { invalidParameter, jsonResponse, slsErrorResponse } from './errors.ts';
import { storedEncryption } from './logstore-writes.ts';
import { LOGSTORE_PAGE, paged, pageOf } from './paging.ts';
import type { StoredLogstore } from './store.ts';

/** GetLogStore, ListLogStores and GetLogs. */
export const getLogStore: Operation = (context) => {
  const logstore = requireLogstore(context, requireProject(context));
  return jsonResponse(
    context.request.requestId,
    {
      ...structuredClone(logstore.fields),
      createTime: logstore.createTime,
      lastModifyTime: logstore.lastModifyTime,
    },
    context.accountId,
  );
};

const fieldOr = (logstore: StoredLogstore, field: string, fallback: string) =>
  typeof logstore.fields[field] === 'string'
    ? (logstore.fields[field] as string)
    : fallback;

/** Names only, sorted; `logstoreName` filters by substring. */
export const listLogStores: Operation = (context) => {
  const project = requireProject(context);
  const { query } = context.request;
  const page = pageOf(query, LOGSTORE_PAGE);
  const names = context.store
    .logstores(context.accountId, context.region, project.name)
    .filter(
      (logstore) =>
        logstore.logstoreName.includes(query.logstoreName ?? '') &&
        (query.mode === undefined ||
          fieldOr(logstore, 'mode', 'standard') === query.mode) &&
        (query.telemetryType === undefined ||
          fieldOr(logstore, 'telemetryType', 'None') === query.telemetryType),
    )
    .map((logstore) => logstore.logstoreName)
    .sort();
  const { count, total, items } = paged(names, page);
  return jsonResponse(
    context.request.requestId,
    { count, total, logstores: items },
    context.accountId,
  );
};

const timeParameter = (context: OperationContext, name: string): number => {
  const text = context.request.query[name];
  if (text === undefined || !/^\d+$/.test(text)) {
    throw invalidParameter(`${name} must be a Unix time in seconds`);
  }
  return Number(text);
};

/**
 * A BYOK Logstore whose key is not Enabled (or gone) fails every read; the
 * answer is the configured failure. Otherwise the emulator holds no logs
 * (PutLogs cannot be sent by the SDK), so every query finds none.
 */
export const getLogs: Operation = (context) => {
  const logstore = requireLogstore(context, requireProject(context));
  const from = timeParameter(context, 'from');
  const to = timeParameter(context, 'to');
  if (from > to) throw invalidParameter('from must not be later than to');
  const cmk = storedEncryption(logstore)?.user_cmk_info;
  if (cmk !== undefined) {
    const state = context.deps.keyStateOf(
      logstore.accountId,
      cmk.region_id,
      cmk.cmk_key_id,
    );
    if (state !== 'Enabled') {
      const failure = context.byokReadFailure;
      return slsErrorResponse(
        context.request.requestId,
        failure.status,
        failure.code,
        failure.message ??
          `the KMS key ${cmk.cmk_key_id} protecting Logstore ` +
            `${logstore.logstoreName} is ${state ?? 'not found'}`,
        context.accountId,
      );
    }
  }
  return jsonResponse(context.request.requestId, [], context.accountId, {
    'x-log-progress': 'Complete',
    'x-log-count': '0',
    'x-log-processed-rows': '0',
  });
};
