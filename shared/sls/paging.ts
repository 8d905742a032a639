import type { Page, ProjectInfo, SlsApi } from './logstore.ts';

/**
 * Walks SLS's offset paging to the end. ListProject and ListLogStores both
 * cap a page at 500 (platform-facts §1), so an account's 150 projects or a
 * project's 400 Logstores take one or two calls each.
 */
export const MAX_PAGE_SIZE = 500;

const pageSizeOf = (pageSize: number): number =>
  Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(pageSize)));

async function* walk<T>(
  fetchPage: (offset: number, size: number) => Promise<Page<T>>,
  pageSize: number,
): AsyncGenerator<T> {
  const size = pageSizeOf(pageSize);
  let offset = 0;
  for (;;) {
    const page = await fetchPage(offset, size);
    yield* page.items;
    offset += page.items.length;
    // An empty page ends the walk even if `total` promised more, so a
    // total that shrinks mid-walk cannot loop forever.
    if (page.items.length === 0 || offset >= page.total) return;
  }
}

export const listAllProjects = (
  api: Pick<SlsApi, 'listProjects'>,
  pageSize: number = MAX_PAGE_SIZE,
): AsyncGenerator<ProjectInfo> =>
  walk((offset, size) => api.listProjects(offset, size), pageSize);

export const listAllLogstores = (
  api: Pick<SlsApi, 'listLogstores'>,
  project: string,
  pageSize: number = MAX_PAGE_SIZE,
): AsyncGenerator<string> =>
  walk((offset, size) => api.listLogstores(project, offset, size), pageSize);

/** Collects an async iterable, for callers that want an array. */
export const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const item of items) all.push(item);

  return all;
};
