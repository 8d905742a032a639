/**
 * A TCP port as a user writes it in an option or a variable: a whole
 * number 0-65535 (0: any free port), or undefined when it is not one.
 */
export const MAX_PORT = 65_535;

/** A whole number min..max as a user writes it, or undefined. */
export const parseWholeNumber = (
  value: string,
  max: number = Number.MAX_SAFE_INTEGER,
  min = 0,
): number | undefined => {
  const parsed = Number(value);
  return value.trim() !== '' &&
    Number.isInteger(parsed) &&
    parsed >= min &&
    parsed <= max
    ? parsed
    : undefined;
};

export const parsePort = (value: string): number | undefined =>
  parseWholeNumber(value, MAX_PORT);

/** Node's error for a port another process holds. */
export const isPortInUse = (error: unknown): boolean =>
  (error as { code?: unknown } | null)?.code === 'EADDRINUSE';
