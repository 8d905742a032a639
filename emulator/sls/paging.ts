import { invalidParameter } from './errors.ts';

/**
 * `offset` and `size` of the List operations. ListProject pages 100 by
 * default and ListLogStores 200; both allow at most 500 (platform-facts
 * §1). A size past the maximum is refused rather than cut short, so a
 * client that asks for more than SLS gives notices at once.
 */
export interface PageRule {
  readonly defaultSize: number;
  readonly maxSize: number;
}

export const PROJECT_PAGE: PageRule = { defaultSize: 100, maxSize: 500 };
export const LOGSTORE_PAGE: PageRule = { defaultSize: 200, maxSize: 500 };

const integerParameter = (
  query: Readonly<Record<string, string>>,
  name: string,
): number | undefined => {
  const text = query[name];
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text)) {
    throw invalidParameter(`${name} must be a non-negative integer`);
  }
  return Number(text);
};

export interface Page {
  readonly offset: number;
  readonly size: number;
}

export const pageOf = (
  query: Readonly<Record<string, string>>,
  rule: PageRule,
): Page => {
  const offset = integerParameter(query, 'offset') ?? 0;
  const size = integerParameter(query, 'size') ?? rule.defaultSize;
  if (size < 1 || size > rule.maxSize) {
    throw invalidParameter(`size must be 1-${rule.maxSize}`);
  }
  return { offset, size };
};

/** `{count, total}` plus the page's items under the given name. */
export const paged = <T>(
  items: readonly T[],
  page: Page,
): { count: number; total: number; items: T[] } => {
  const slice = items.slice(page.offset, page.offset + page.size);
  return { count: slice.length, total: items.length, items: slice };
};
