/**
 * One thing wrong with a request, in the shape every error answer carries:
 * where (`encrypt_conf.user_cmk_info.arn`), which rule, and a sentence that
 * names the allowed range or values.
 */
export interface FieldError {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
  /** Conflicts only: what the Logstore holds and what was asked for. */
  readonly existing?: unknown;
  readonly requested?: unknown;
}

export const pathOf = (segments: readonly PropertyKey[]): string =>
  segments
    .map((segment, index) =>
      typeof segment === 'number'
        ? `[${segment}]`
        : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
