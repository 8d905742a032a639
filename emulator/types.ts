import type { Clock, Random } from '../shared/clock.ts';

/**
 * The contract between the local cloud's HTTP front (server, faults,
 * request log, control API) and the services behind it (SLS, KMS, the
 * webhook sink). A service sees one decoded request at a time.
 */
export type ServiceName = 'sls' | 'kms' | 'sink';

export interface HostInfo {
  readonly service: ServiceName;
  /** The region named by the host; the default region for a bare host. */
  readonly region: string;
  /** SLS only: the project named by the host, if any. */
  readonly project?: string;
}

export interface EmulatorRequest {
  readonly method: string;
  /** Path without the query, still percent-encoded as received. */
  readonly path: string;
  /** Query parameters, decoded; the last value wins for repeated keys. */
  readonly query: Readonly<Record<string, string>>;
  /** The query string as received, without the `?`. */
  readonly rawQuery: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly host: HostInfo;
  /** Real time at arrival (signature windows follow real time). */
  readonly receivedAt: number;
  /** Unique per request; services echo it as their request id. */
  readonly requestId: string;
}

export interface EmulatorResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /** Not sent: the service's error code, kept for the request log. */
  readonly errorCode?: string;
  /** Not sent: the account the request was authenticated as. */
  readonly accountId?: string;
}

export interface Service {
  readonly name: ServiceName;
  /** The operation name used by faults and the request log. */
  operationOf(request: EmulatorRequest): string;
  handle(request: EmulatorRequest): Promise<EmulatorResponse>;
  /** The service's own error shape, for injected faults. */
  errorResponse(
    request: EmulatorRequest,
    status: number,
    code: string,
    message: string,
  ): EmulatorResponse;
  /** What the service answers when it throttles. */
  throttleResponse(request: EmulatorRequest): EmulatorResponse;
  /** What the service answers on an internal failure. */
  serverErrorResponse(request: EmulatorRequest): EmulatorResponse;
  reset(): void;
}

/** The emulator's clock: real time plus an offset that tests move. */
export interface EmulatorClock extends Clock {
  advance(ms: number): void;
  set(epochMs: number): void;
  offset(): number;
}

export interface AccessKey {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

export interface StsCredentials extends AccessKey {
  readonly securityToken: string;
  /** Emulator-clock milliseconds. */
  readonly expiresAt: number;
}

export type Authentication =
  | { readonly ok: true; readonly accountId: string; readonly secret: string }
  | {
      readonly ok: false;
      readonly reason: 'unknown-key' | 'bad-token' | 'expired-token';
    };

export interface AccountQuotas {
  readonly logstoresPerProject: number;
  readonly projectsPerAccount: number;
}

export interface Accounts {
  /** Looks up the secret for a key id, checking the STS token if given. */
  authenticate(accessKeyId: string, securityToken?: string): Authentication;
  quotasOf(accountId: string): AccountQuotas;
  has(accountId: string): boolean;
}

/** A CloudEvent as EventBridge delivers it to a function. */
export interface CloudEvent {
  readonly id: string;
  readonly source: string;
  readonly specversion: '1.0';
  readonly type: string;
  readonly subject?: string;
  readonly time: string;
  readonly datacontenttype?: string;
  readonly aliyunaccountid?: string;
  readonly aliyunregionid?: string;
  readonly data: unknown;
}

export interface EventBus {
  publish(event: CloudEvent): void;
}

/** What every service is built with. */
export interface ServiceDeps {
  readonly clock: EmulatorClock;
  readonly random: Random;
  readonly accounts: Accounts;
  readonly events: EventBus;
  readonly defaultRegion: string;
}

// ---- seeding, shared by the control API and the services' stores ----

export interface SeedAccount {
  readonly accountId: string;
  readonly accessKeys?: readonly AccessKey[];
  readonly quotas?: Partial<AccountQuotas>;
}

export interface SeedProject {
  readonly accountId: string;
  readonly name: string;
  readonly region: string;
  readonly description?: string;
}

/** Wire-shaped Logstore fields, as CreateLogStore takes them. */
export interface SeedLogstore {
  readonly accountId: string;
  readonly project: string;
  readonly logstoreName: string;
  readonly ttl?: number;
  readonly shardCount?: number;
  readonly encrypt_conf?: {
    readonly enable: boolean;
    readonly encrypt_type: string;
    readonly user_cmk_info?: {
      readonly cmk_key_id: string;
      readonly arn: string;
      readonly region_id: string;
    };
  };
  readonly [field: string]: unknown;
}

export interface SeedKey {
  readonly accountId: string;
  readonly region: string;
  /** Generated when left out. */
  readonly keyId?: string;
  readonly keySpec?: string;
  readonly keyUsage?: string;
  readonly origin?: 'Aliyun_KMS' | 'EXTERNAL';
  readonly state?: string;
  readonly deletionProtection?: boolean;
  readonly description?: string;
  /** ISO 8601; for EXTERNAL keys with imported material. */
  readonly materialExpireTime?: string;
  /** ISO 8601; only with state PendingDeletion. */
  readonly deleteDate?: string;
}
