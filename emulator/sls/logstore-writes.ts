import {
  nowSeconds,
  type Operation,
  requireLogstore,
  requireProject,
} from './context.ts';
import {
  describeFrozen,
  frozenChange,
  mergeEncryption,
  parseCamelEncryption,
  type WireEncryptConf,
} from './encryption.ts';
import {
  emptyResponse,
  invalidLogstore,
  invalidParameter,
  SLS_ERROR,
  SlsError,
} from './errors.ts';
import { isJsonObject, type JsonObject, parseJsonObject } from './json-body.ts';
import { checkLogstoreBody } from './logstore-fields.ts';
import type { StoredLogstore } from './store.ts';

/**
 * CreateLogStore, UpdateLogStore, UpdateLogStoreEncryption and
 * DeleteLogStore. Each answers 200 with an empty body.
 */
export const storedEncryption = (
  logstore: StoredLogstore,
): WireEncryptConf | undefined => {
  const conf = logstore.fields.encrypt_conf;
  return isJsonObject(conf) ? (conf as unknown as WireEncryptConf) : undefined;
};

export const createLogStore: Operation = (context) => {
  const project = requireProject(context);
  const body = parseJsonObject(context.request.body);
  const { logstoreName } = checkLogstoreBody(body, 'create');
  const { accountId, region } = context;
  if (context.store.logstore(accountId, region, project.name, logstoreName)) {
    throw new SlsError(
      400,
      SLS_ERROR.LogStoreAlreadyExist,
      `logstore ${logstoreName} already exists`,
    );
  }
  const quota = context.deps.accounts.quotasOf(accountId).logstoresPerProject;
  const count = context.store.logstores(accountId, region, project.name).length;
  if (count >= quota) {
    throw new SlsError(
      400,
      SLS_ERROR.ProjectQuotaExceed,
      `project ${project.name} holds ${count} Logstores, at or over ` +
        `its quota of ${quota}`,
    );
  }
  const now = nowSeconds(context);
  context.store.putLogstore({
    accountId,
    project: project.name,
    region,
    logstoreName,
    fields: structuredClone(body),
    createTime: now,
    lastModifyTime: now,
  });
  return emptyResponse(context.request.requestId, accountId);
};

/**
 * A full replacement of the Logstore's fields, except that shardCount is
 * not changed by it (shards change through split and merge only) and an
 * encryption configuration, once set, keeps everything but `enable`.
 */
export const updateLogStore: Operation = (context) => {
  const project = requireProject(context);
  const current = requireLogstore(context, project);
  const body = parseJsonObject(context.request.body);
  const checked = checkLogstoreBody(body, 'update');
  if (checked.logstoreName !== current.logstoreName) {
    throw invalidParameter(
      `logstoreName ${checked.logstoreName} differs from the Logstore ` +
        `${current.logstoreName} in the path`,
    );
  }
  const stored = storedEncryption(current);
  let encryption = stored;
  if (checked.encryptConf !== undefined) {
    const change = frozenChange(stored, checked.encryptConf);
    if (change !== undefined) {
      throw invalidLogstore(describeFrozen(current.logstoreName, change));
    }
    encryption = mergeEncryption(stored, checked.encryptConf);
  }
  const fields: JsonObject = structuredClone(body);
  if (current.fields.shardCount !== undefined) {
    fields.shardCount = current.fields.shardCount;
  } else {
    delete fields.shardCount;
  }
  if (encryption !== undefined) fields.encrypt_conf = encryption;
  context.store.putLogstore({
    ...current,
    fields,
    lastModifyTime: nowSeconds(context),
  });
  return emptyResponse(context.request.requestId, context.accountId);
};

/**
 * Adds encryption once to an unencrypted Logstore (which then needs an
 * encryptType), or turns `enable` on and off. Any other change is refused
 * with LogStoreInfoInvalid, as UpdateLogStore refuses it: SLS documents
 * the rule but not its error code, and one change should get one code.
 */
export const updateLogStoreEncryption: Operation = (context) => {
  const project = requireProject(context);
  const current = requireLogstore(context, project);
  const next = parseCamelEncryption(parseJsonObject(context.request.body));
  const stored = storedEncryption(current);
  if (stored === undefined && next.encrypt_type === undefined) {
    throw invalidParameter(
      'encryptType is required when a Logstore first gets encryption',
    );
  }
  const change = frozenChange(stored, next);
  if (change !== undefined) {
    throw invalidLogstore(describeFrozen(current.logstoreName, change));
  }
  context.store.putLogstore({
    ...current,
    fields: {
      ...structuredClone(current.fields),
      encrypt_conf: mergeEncryption(stored, next),
    },
    lastModifyTime: nowSeconds(context),
  });
  return emptyResponse(context.request.requestId, context.accountId);
};

export const deleteLogStore: Operation = (context) => {
  const project = requireProject(context);
  const current = requireLogstore(context, project);
  context.store.deleteLogstore(
    context.accountId,
    context.region,
    project.name,
    current.logstoreName,
  );
  return emptyResponse(context.request.requestId, context.accountId);
};
