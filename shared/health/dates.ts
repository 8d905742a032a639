/**
 * Dates in alerts appear twice: in UTC, which is what KMS reports, and in
 * the display time zone the team reads (KEYGUARD_DISPLAY_TIME_ZONE).
 */
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

const pad = (value: number): string => String(value).padStart(2, '0');

export const formatUtc = (epochMs: number): string => {
  const d = new Date(epochMs);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-` +
    `${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:` +
    `${pad(d.getUTCMinutes())} UTC`
  );
};

export const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const formatLocal = (epochMs: number, timeZone: string): string => {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(epochMs));
  const part = (type: string): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return (
    `${part('year')}-${part('month')}-${part('day')} ` +
    `${part('hour')}:${part('minute')} ${timeZone}`
  );
};

/**
 * Whole days left, counted to the nearest hour and then rounded down:
 * "6 days" never means 5.5, yet a date six days away read a few seconds
 * later is still six days away.
 */
export const wholeDaysBetween = (from: number, to: number): number =>
  Math.floor(Math.round((to - from) / HOUR_MS) / 24);

/** For a date still ahead: a past one is not "less than a day" away. */
export const daysPhrase = (days: number): string =>
  days < 1 ? 'less than a day' : days === 1 ? '1 day' : `${days} days`;
