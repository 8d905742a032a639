/**
 * Policy patterns are globs: `*` matches any run of characters, `?` one
 * character, everything else itself. `{accountId}` stands for the account
 * the function runs in, so the default role pattern needs no editing.
 */
const escapeRegExp = (text: string): string =>
  text.replace(/[.+^${}()|[\]\\]/g, '\\$&');

export const globToRegExp = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split('')
      .map((char) =>
        char === '*' ? '.*' : char === '?' ? '.' : escapeRegExp(char),
      )
      .join('')}$`,
    's',
  );

export const ACCOUNT_PLACEHOLDER = '{accountId}';

export const matchesAny = (
  value: string,
  patterns: readonly string[],
  accountId?: string,
): boolean =>
  patterns.some((pattern) => {
    const concrete =
      accountId === undefined
        ? pattern
        : pattern.replaceAll(ACCOUNT_PLACEHOLDER, accountId);
    return globToRegExp(concrete).test(value);
  });
