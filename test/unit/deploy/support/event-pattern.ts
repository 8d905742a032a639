/**
 * The subset of EventBridge's event-pattern matching that keyguard's rule
 * uses: every key of the pattern must be present in the event; an array
 * lists the values allowed (exact strings, or `{ "prefix": "..." }`); a
 * nested object matches the nested field the same way.
 */
type Pattern = Readonly<Record<string, unknown>>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const valueMatches = (allowed: unknown, actual: unknown): boolean => {
  if (isRecord(allowed) && typeof allowed.prefix === 'string') {
    return typeof actual === 'string' && actual.startsWith(allowed.prefix);
  }

  return allowed === actual;
};

export const matchesPattern = (pattern: Pattern, event: unknown): boolean => {
  if (!isRecord(event)) return false;

  return Object.entries(pattern).every(([key, rule]) => {
    const actual = event[key];
    if (Array.isArray(rule)) {
      return rule.some((allowed) => valueMatches(allowed, actual));
    }
    if (isRecord(rule)) return matchesPattern(rule, actual);

    return false;
  });
};
