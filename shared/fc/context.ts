/**
 * The context Function Compute 3.0 hands a handler (platform-facts §4).
 * There is no getRemainingTimeInMillis: deadlines come from
 * `function.timeout`, in seconds.
 */
export interface FcCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

export interface FcContext {
  readonly requestId: string;
  readonly credentials: FcCredentials;
  readonly function: {
    readonly name: string;
    readonly handler: string;
    readonly memory: number;
    /** Seconds. */
    readonly timeout: number;
  };
  readonly region: string;
  readonly accountId: string;
  readonly service?: {
    readonly logProject?: string;
    readonly logStore?: string;
  };
}

/** Every handler of ours: FC passes the event as a Buffer. */
export type FcHandler<Result = unknown> = (
  event: Buffer,
  context: FcContext,
) => Promise<Result>;
