/**
 * keyguard's error hierarchy. Every error says what went wrong as a stable
 * `code`, whether trying again may help, and the HTTP status a handler
 * answers with. Context fields are for logs; they must never hold secrets.
 */
export interface KeyguardErrorOptions {
  readonly code: string;
  readonly status: number;
  readonly retryable?: boolean;
  readonly context?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

export class KeyguardError extends Error {
  override readonly name: string = 'KeyguardError';
  readonly code: string;
  readonly status: number;
  readonly retryable: boolean;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(message: string, options: KeyguardErrorOptions) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
    this.code = options.code;
    this.status = options.status;
    this.retryable = options.retryable ?? false;
    this.context = options.context ?? {};
  }
}

/** A failure that may pass by itself: throttling, 5xx, resets, timeouts. */
export class TransientError extends KeyguardError {
  override readonly name: string = 'TransientError';
  /** How long the other side asked us to wait, when it said so. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    options: Omit<KeyguardErrorOptions, 'retryable' | 'status'> & {
      readonly status?: number;
      readonly retryAfterMs?: number;
    },
  ) {
    super(message, {
      ...options,
      status: options.status ?? 503,
      retryable: true,
    });
    this.retryAfterMs = options.retryAfterMs;
  }
}

export const isKeyguardError = (error: unknown): error is KeyguardError =>
  error instanceof KeyguardError;
