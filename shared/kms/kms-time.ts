/**
 * KMS writes times as ISO 8601 UTC (`2025-01-01T00:00:00Z`). Date.parse
 * alone also reads "foo 2099" or "1" as some date KMS never sent, so the
 * shape is checked first.
 */
const KMS_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Epoch milliseconds, or undefined for a value that is absent, empty or
 * unreadable. A caller that must not treat an unreadable value as absent
 * checks for empty first.
 */
export const parseKmsTime = (value: string | undefined): number | undefined => {
  if (value === undefined || !KMS_TIME.test(value.trim())) return undefined;
  const ms = Date.parse(value.trim());
  return Number.isNaN(ms) ? undefined : ms;
};
