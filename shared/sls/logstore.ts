import type { EncryptType } from '../encrypt-types.ts';

/**
 * A Logstore in SLS's own wire names, the shape users copy from the SLS
 * docs. Only the vendor client module turns this into SDK models.
 */
export interface UserCmkInfo {
  readonly cmk_key_id: string;
  /** The RAM role SLS assumes to use the key, not the key's ARN. */
  readonly arn: string;
  /** The key's region. */
  readonly region_id: string;
}

export interface EncryptConf {
  readonly enable: boolean;
  readonly encrypt_type: EncryptType;
  readonly user_cmk_info?: UserCmkInfo;
}

export interface LogstoreSpec {
  readonly logstoreName: string;
  readonly ttl: number;
  readonly shardCount: number;
  readonly autoSplit?: boolean;
  readonly maxSplitShard?: number;
  readonly hot_ttl?: number;
  readonly mode?: 'standard' | 'query';
  readonly telemetryType?: string;
  readonly appendMeta?: boolean;
  readonly enable_tracking?: boolean;
  readonly infrequentAccessTTL?: number;
  readonly encrypt_conf?: EncryptConf;
}

/** A Logstore as GetLogStore reports it. */
export interface Logstore extends Omit<LogstoreSpec, 'encrypt_conf'> {
  readonly project: string;
  /** As stored; SLS may hold a type this version does not know. */
  readonly encrypt_conf?: {
    readonly enable: boolean;
    readonly encrypt_type: string;
    readonly user_cmk_info?: UserCmkInfo;
  };
  readonly createTime?: number;
  readonly lastModifyTime?: number;
}

export interface ProjectInfo {
  readonly name: string;
  readonly region: string;
  readonly status?: string;
}

export interface Page<T> {
  readonly total: number;
  readonly items: readonly T[];
}

/** The SLS calls keyguard makes, in keyguard's own types. */
export interface SlsApi {
  /** Undefined when the project does not exist. */
  getProject(project: string): Promise<ProjectInfo | undefined>;
  /** Undefined when the Logstore does not exist. */
  getLogstore(project: string, logstore: string): Promise<Logstore | undefined>;
  createLogstore(project: string, spec: LogstoreSpec): Promise<void>;
  listProjects(offset: number, size: number): Promise<Page<ProjectInfo>>;
  listLogstores(
    project: string,
    offset: number,
    size: number,
  ): Promise<Page<string>>;
}
