import {
  CreateLogStoreRequest,
  EncryptUserCmkConf,
  EncryptConf as SdkEncryptConf,
  type Logstore as SdkLogstore,
  type Project as SdkProject,
} from '@alicloud/sls20201230';
import type {
  Logstore,
  LogstoreSpec,
  ProjectInfo,
  UserCmkInfo,
} from './logstore.ts';

/**
 * Between keyguard's wire-named Logstore and the SDK's camelCase models.
 * The models only read camelCase properties: handing them the wire names
 * serialises `{"encrypt_conf":{"enable":true}}`, a service-key Logstore
 * instead of the customer's key, without an error (platform-facts §2).
 * Every field is therefore copied by hand, and a missing `user_cmk_info`
 * stays missing rather than becoming `{}`.
 */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The model's data fields, without its methods, so `{}` fits too. */
type SdkLogstoreFields = Partial<
  Pick<
    SdkLogstore,
    | 'logstoreName'
    | 'ttl'
    | 'shardCount'
    | 'autoSplit'
    | 'maxSplitShard'
    | 'hotTtl'
    | 'mode'
    | 'telemetryType'
    | 'appendMeta'
    | 'enableTracking'
    | 'infrequentAccessTTL'
    | 'createTime'
    | 'lastModifyTime'
    | 'encryptConf'
  >
>;
type SdkProjectFields = Partial<
  Pick<SdkProject, 'projectName' | 'region' | 'status'>
>;

const encryptConfToSdk = (
  conf: NonNullable<LogstoreSpec['encrypt_conf']>,
): SdkEncryptConf => {
  const map: Record<string, unknown> = {
    enable: conf.enable,
    encryptType: conf.encrypt_type,
  };
  if (conf.user_cmk_info !== undefined) {
    map.userCmkInfo = new EncryptUserCmkConf({
      cmkKeyId: conf.user_cmk_info.cmk_key_id,
      arn: conf.user_cmk_info.arn,
      regionId: conf.user_cmk_info.region_id,
    });
  }

  return new SdkEncryptConf(map);
};

export const toCreateLogStoreRequest = (
  spec: LogstoreSpec,
): CreateLogStoreRequest => {
  const map: Record<string, unknown> = {
    logstoreName: spec.logstoreName,
    ttl: spec.ttl,
    shardCount: spec.shardCount,
    autoSplit: spec.autoSplit,
    maxSplitShard: spec.maxSplitShard,
    hotTtl: spec.hot_ttl,
    mode: spec.mode,
    telemetryType: spec.telemetryType,
    appendMeta: spec.appendMeta,
    enableTracking: spec.enable_tracking,
    infrequentAccessTTL: spec.infrequentAccessTTL,
  };
  if (spec.encrypt_conf !== undefined) {
    map.encryptConf = encryptConfToSdk(spec.encrypt_conf);
  }
  for (const key of Object.keys(map)) {
    if (map[key] === undefined) delete map[key];
  }

  return new CreateLogStoreRequest(map);
};

const cmkInfoFromSdk = (
  info: EncryptUserCmkConf | undefined,
): UserCmkInfo | undefined => {
  if (info === undefined || info === null) return undefined;
  const { cmkKeyId, arn, regionId } = info;
  // `{}` from SLS says nothing about a key; treat it as no key.
  if (cmkKeyId === undefined && arn === undefined && regionId === undefined) {
    return undefined;
  }

  return {
    cmk_key_id: cmkKeyId ?? '',
    arn: arn ?? '',
    region_id: regionId ?? '',
  };
};

/** GetLogStore's answer in SLS's wire names. */
export const logstoreFromSdk = (
  project: string,
  sdk: SdkLogstoreFields,
): Logstore => {
  const logstore: Mutable<Logstore> = {
    project,
    logstoreName: sdk.logstoreName ?? '',
    ttl: sdk.ttl ?? 0,
    shardCount: sdk.shardCount ?? 0,
  };
  // JSON may carry null as well as leave a field out.
  const copy = <K extends keyof Logstore>(
    key: K,
    value: Logstore[K] | null | undefined,
  ): void => {
    if (value !== undefined && value !== null) logstore[key] = value;
  };
  copy('autoSplit', sdk.autoSplit);
  copy('maxSplitShard', sdk.maxSplitShard);
  copy('hot_ttl', sdk.hotTtl);
  if (sdk.mode === 'standard' || sdk.mode === 'query') copy('mode', sdk.mode);
  copy('telemetryType', sdk.telemetryType);
  copy('appendMeta', sdk.appendMeta);
  copy('enable_tracking', sdk.enableTracking);
  copy('infrequentAccessTTL', sdk.infrequentAccessTTL);
  copy('createTime', sdk.createTime);
  copy('lastModifyTime', sdk.lastModifyTime);
  const conf = sdk.encryptConf;
  if (conf !== undefined && conf !== null) {
    const cmk = cmkInfoFromSdk(conf.userCmkInfo);
    logstore.encrypt_conf = {
      enable: conf.enable === true,
      encrypt_type: conf.encryptType ?? '',
      ...(cmk === undefined ? {} : { user_cmk_info: cmk }),
    };
  }

  return logstore;
};

export const projectFromSdk = (sdk: SdkProjectFields): ProjectInfo => ({
  name: sdk.projectName ?? '',
  region: sdk.region ?? '',
  ...(sdk.status === undefined ? {} : { status: sdk.status }),
});
