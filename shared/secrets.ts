/**
 * Every value that must never be printed is registered here as soon as it
 * is known (credentials from the invocation context, webhook URLs and
 * signing secrets from the configuration). The logger scrubs each line it
 * writes against these, and error answers are built from codes only, so
 * a secret that slips into an error message or a stack is still caught.
 *
 * Configured secrets are kept for the instance's life. Credentials come
 * anew with every invocation, so a warm instance keeps only the recent
 * sets: kept all, 10,000 invocations cost 0.67 ms of scrubbing per line.
 */
const configured = new Set<string>();
/** Credential sets by their values, oldest first (Map order). */
const credentialSets = new Map<string, readonly string[]>();

/** Sets older than this many invocations belong to logs long written. */
export const MAX_CREDENTIAL_SETS = 32;

// Shorter values would match ordinary words; real secrets are far longer.
const MIN_SECRET_LENGTH = 6;

export const REDACTED = '[redacted]';

/** Longest first, so a secret that begins another leaves no tail. */
let ordered: readonly string[] | undefined;

const formsOf = (value: string | undefined): string[] => {
  if (value === undefined || value.length < MIN_SECRET_LENGTH) return [];
  const encoded = encodeURIComponent(value);
  return encoded === value ? [value] : [value, encoded];
};

const isCredential = (value: string): boolean => {
  for (const values of credentialSets.values()) {
    if (values.includes(value)) return true;
  }
  return false;
};

/** A configured secret, kept for the instance's life. */
export const registerSecret = (value: string | undefined): void => {
  // credentials.ts registers the triple it builds from the context as
  // well; a value already held as a credential stays bounded.
  const forms = formsOf(value).filter((form) => !isCredential(form));
  for (const form of forms) configured.add(form);
  if (forms.length > 0) ordered = undefined;
};

/** One invocation's credentials; the oldest set beyond the bound goes. */
export const registerCredentials = (
  ...values: readonly (string | undefined)[]
): void => {
  const forms = values.flatMap(formsOf);
  if (forms.length === 0) return;
  const id = JSON.stringify(forms);
  credentialSets.delete(id);
  credentialSets.set(id, forms);
  for (const oldest of credentialSets.keys()) {
    if (credentialSets.size <= MAX_CREDENTIAL_SETS) break;
    credentialSets.delete(oldest);
  }
  ordered = undefined;
};

const allSecrets = (): readonly string[] => {
  if (ordered === undefined) {
    const all = new Set(configured);
    for (const values of credentialSets.values()) {
      for (const value of values) all.add(value);
    }
    ordered = [...all].sort((a, b) => b.length - a.length);
  }
  return ordered;
};

/** Secrets travel in URL queries and headers under these names. */
const SECRET_NAMES = [
  'access_token',
  'accesskeysecret',
  'securitytoken',
  'signature',
  'sign',
  'key',
  'token',
  'secret',
];
const SECRET_PARAMETER = new RegExp(
  `\\b(${SECRET_NAMES.join('|')})=([^&\\s"',]+)`,
  'gi',
);
const AUTHORIZATION = /\b(LOG|ACS3-HMAC-SHA256|SLS4-HMAC-SHA256)\s+[^\s"',]+/g;
const SLACK_PATH = /(hooks\.slack\.com\/services\/)[^\s"',]+/gi;

export const scrub = (text: string): string => {
  let out = text;
  for (const secret of allSecrets()) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(SECRET_PARAMETER, `$1=${REDACTED}`)
    .replace(AUTHORIZATION, `$1 ${REDACTED}`)
    .replace(SLACK_PATH, `$1${REDACTED}`);
};

/** For tests: how many values each line is scrubbed against. */
export const registeredSecretCount = (): number => allSecrets().length;

/** For tests: forget what earlier tests registered. */
export const clearSecrets = (): void => {
  configured.clear();
  credentialSets.clear();
  ordered = undefined;
};
