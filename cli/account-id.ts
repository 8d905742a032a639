import { KeyguardError } from '../shared/errors.ts';

/**
 * The account id a command needs, from `--account-id` or the variable,
 * with an error that says which was missing or malformed: an id given
 * but mistyped was answered "give --account-id", as if never given.
 */
export const ACCOUNT_ENV = 'ALIBABA_CLOUD_ACCOUNT_ID';

const ACCOUNT_ID = /^\d{10,20}$/;

export const usageError = (message: string): KeyguardError =>
  new KeyguardError(message, { code: 'usage', status: 400 });

/** `why` says what the id is for, as the end of the missing-id line. */
export const accountIdOf = (
  given: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  why: string,
): string => {
  const fromFlag = given !== undefined;
  const value = given ?? env[ACCOUNT_ENV];
  if (value === undefined || value === '') {
    throw usageError(`give --account-id or ${ACCOUNT_ENV}: ${why}`);
  }
  if (!ACCOUNT_ID.test(value)) {
    const source = fromFlag ? '--account-id' : ACCOUNT_ENV;
    throw usageError(
      `${source} "${value}" is no account id: it is 10-20 digits`,
    );
  }

  return value;
};
