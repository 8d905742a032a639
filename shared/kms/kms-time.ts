/**
 * KMS writes times as ISO 8601 UTC (`2025-01-01T00:00:00Z`). Date.parse
 * alone also reads "foo 2099" or "1" as some date KMS never sent, and
 * rolls an impossible one (February 30th, hour 24) into the next, so the
 * shape and the calendar are checked first.
 */
const KMS_TIME = new RegExp(
  '^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2})' +
    '(?::(\\d{2})(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})$',
  'i',
);

const daysInMonth = (year: number, month: number): number =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();

const isCalendarTime = (parts: readonly number[]): boolean => {
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] =
    parts;
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59
  );
};

/**
 * Epoch milliseconds, or undefined for a value that is absent, empty or
 * unreadable. A caller that must not treat an unreadable value as absent
 * checks for empty first.
 */
export const parseKmsTime = (value: string | undefined): number | undefined => {
  const text = value?.trim() ?? '';
  const match = KMS_TIME.exec(text);
  if (match === null) return undefined;
  const parts = match.slice(1, 7).map((part) => Number(part ?? 0));
  if (!isCalendarTime(parts)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
};
