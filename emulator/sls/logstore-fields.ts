import { parseWireEncryptConf, type WireEncryptConf } from './encryption.ts';
import { invalidLogstore, invalidParameter } from './errors.ts';
import {
  expectBoolean,
  expectInteger,
  expectObject,
  expectString,
  type JsonObject,
} from './json-body.ts';
import { LOGSTORE_NAME_RULE, nameProblem } from './names.ts';

/**
 * The body of CreateLogStore and UpdateLogStore, checked as SLS checks it
 * (platform-facts §1): an unknown key or a value out of range is 400
 * LogStoreInfoInvalid naming the field and the rule; a value of the wrong
 * type or a missing required field is 400 ParameterInvalid.
 */
export const LOGSTORE_FIELDS = [
  'logstoreName',
  'ttl',
  'shardCount',
  'autoSplit',
  'maxSplitShard',
  'enable_tracking',
  'appendMeta',
  'encrypt_conf',
  'telemetryType',
  'hot_ttl',
  'mode',
  'infrequentAccessTTL',
  // Sent by the SDK's CreateLogStoreRequest when set; stored as is.
  'processorId',
] as const;

export const LIMITS = {
  ttl: { min: 1, max: 3650 },
  shardCount: { min: 1 },
  maxSplitShard: { min: 1, max: 256 },
  hotTtl: { min: 7, unlimited: -1 },
  infrequentAccessTTL: { min: 30 },
} as const;

export const MODES = ['standard', 'query'] as const;
export const TELEMETRY_TYPES = ['None', 'Metrics'] as const;

const INTEGER_FIELDS = [
  'ttl',
  'shardCount',
  'maxSplitShard',
  'hot_ttl',
  'infrequentAccessTTL',
] as const;
const BOOLEAN_FIELDS = ['autoSplit', 'enable_tracking', 'appendMeta'] as const;
const STRING_FIELDS = [
  'logstoreName',
  'telemetryType',
  'mode',
  'processorId',
] as const;

export interface CheckedLogstore {
  readonly logstoreName: string;
  /** The body's fields exactly as sent. */
  readonly fields: JsonObject;
  readonly encryptConf?: WireEncryptConf;
}

const checkTypes = (body: JsonObject): void => {
  for (const field of INTEGER_FIELDS) {
    if (body[field] !== undefined) expectInteger(body[field], field);
  }
  for (const field of BOOLEAN_FIELDS) {
    if (body[field] !== undefined) expectBoolean(body[field], field);
  }
  for (const field of STRING_FIELDS) {
    if (body[field] !== undefined) expectString(body[field], field);
  }
  if (body.encrypt_conf !== undefined) {
    expectObject(body.encrypt_conf, 'encrypt_conf');
  }
};

const outOfRange = (field: string, rule: string) =>
  invalidLogstore(`${field} ${rule}`);

const checkRanges = (body: JsonObject): void => {
  const ttl = body.ttl as number | undefined;
  if (ttl !== undefined && (ttl < LIMITS.ttl.min || ttl > LIMITS.ttl.max)) {
    throw outOfRange('ttl', `must be ${LIMITS.ttl.min}-${LIMITS.ttl.max} days`);
  }
  const shards = body.shardCount as number | undefined;
  if (shards !== undefined && shards < LIMITS.shardCount.min) {
    throw outOfRange('shardCount', 'must be at least 1');
  }
  const split = body.maxSplitShard as number | undefined;
  if (body.autoSplit === true && split === undefined) {
    throw invalidLogstore('maxSplitShard is required when autoSplit is true');
  }
  if (
    split !== undefined &&
    (split < LIMITS.maxSplitShard.min || split > LIMITS.maxSplitShard.max)
  ) {
    throw outOfRange('maxSplitShard', 'must be 1-256');
  }
  const hot = body.hot_ttl as number | undefined;
  if (hot !== undefined && hot !== LIMITS.hotTtl.unlimited) {
    if (hot < LIMITS.hotTtl.min || (ttl !== undefined && hot > ttl)) {
      throw outOfRange('hot_ttl', 'must be -1, or at least 7 and at most ttl');
    }
  }
  const cold = body.infrequentAccessTTL as number | undefined;
  if (cold !== undefined && cold < LIMITS.infrequentAccessTTL.min) {
    throw outOfRange('infrequentAccessTTL', 'must be at least 30 days');
  }
  const mode = body.mode as string | undefined;
  if (mode !== undefined && !(MODES as readonly string[]).includes(mode)) {
    throw outOfRange('mode', `must be one of ${MODES.join(', ')}`);
  }
  const telemetry = body.telemetryType as string | undefined;
  if (
    telemetry !== undefined &&
    !(TELEMETRY_TYPES as readonly string[]).includes(telemetry)
  ) {
    throw outOfRange(
      'telemetryType',
      `must be one of ${TELEMETRY_TYPES.join(', ')}`,
    );
  }
};

export const checkLogstoreBody = (
  body: JsonObject,
  purpose: 'create' | 'update',
): CheckedLogstore => {
  for (const key of Object.keys(body)) {
    if (!(LOGSTORE_FIELDS as readonly string[]).includes(key)) {
      throw invalidLogstore(`${key} is not a known Logstore field`);
    }
  }
  const required =
    purpose === 'create'
      ? (['logstoreName', 'ttl', 'shardCount'] as const)
      : (['logstoreName', 'ttl'] as const);
  for (const field of required) {
    if (body[field] === undefined || body[field] === null) {
      throw invalidParameter(`${field} is required`);
    }
  }
  checkTypes(body);
  const logstoreName = body.logstoreName as string;
  const problem = nameProblem(logstoreName, LOGSTORE_NAME_RULE);
  if (problem !== undefined) {
    throw invalidLogstore(`logstoreName ${logstoreName} ${problem}`);
  }
  checkRanges(body);
  if (body.encrypt_conf === undefined) return { logstoreName, fields: body };
  const encryptConf = parseWireEncryptConf(body.encrypt_conf);
  return { logstoreName, fields: body, encryptConf };
};
