/**
 * Every value that must never be printed is registered here as soon as it
 * is known (credentials from the invocation context, webhook URLs and
 * signing secrets from the configuration). The logger scrubs each line it
 * writes against this set, and error answers are built from codes only, so
 * a secret that slips into an error message or a stack is still caught.
 */
const registered = new Set<string>();

// Shorter values would match ordinary words; real secrets are far longer.
const MIN_SECRET_LENGTH = 6;

export const REDACTED = '[redacted]';

export const registerSecret = (value: string | undefined): void => {
  if (value !== undefined && value.length >= MIN_SECRET_LENGTH) {
    registered.add(value);
    const encoded = encodeURIComponent(value);
    if (encoded !== value) registered.add(encoded);
  }
};

/** Secrets travel in URL queries and headers under these names. */
const SECRET_PARAMETER =
  /\b(access_token|accesskeysecret|securitytoken|signature|sign|key|token|secret)=([^&\s"',]+)/gi;
const AUTHORIZATION = /\b(LOG|ACS3-HMAC-SHA256|SLS4-HMAC-SHA256)\s+[^\s"',]+/g;
const SLACK_PATH = /(hooks\.slack\.com\/services\/)[^\s"',]+/gi;

export const scrub = (text: string): string => {
  let out = text;
  for (const secret of registered) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out
    .replace(SECRET_PARAMETER, `$1=${REDACTED}`)
    .replace(AUTHORIZATION, `$1 ${REDACTED}`)
    .replace(SLACK_PATH, `$1${REDACTED}`);
};

/** For tests: forget what earlier tests registered. */
export const clearSecrets = (): void => registered.clear();
