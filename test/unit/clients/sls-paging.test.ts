import { describe, expect, it } from 'vitest';
import type { Page } from '../../../shared/sls/logstore.ts';
import {
  collect,
  listAllLogstores,
  listAllProjects,
} from '../../../shared/sls/paging.ts';

const pagedNames = (names: readonly string[], totalOverride?: number) => {
  const calls: [number, number][] = [];
  const listLogstores = async (
    _project: string,
    offset: number,
    size: number,
  ): Promise<Page<string>> => {
    calls.push([offset, size]);
    return {
      total: totalOverride ?? names.length,
      items: names.slice(offset, offset + size),
    };
  };
  return { api: { listLogstores }, calls };
};

const names = (count: number) =>
  Array.from(
    { length: count },
    (_, i) => `store-${String(i).padStart(4, '0')}`,
  );

describe('listAllLogstores', () => {
  it('walks 620 Logstores in pages of 500', async () => {
    const all = names(620);
    const { api, calls } = pagedNames(all);

    const listed = await collect(listAllLogstores(api, 'demo-proj'));

    expect(listed).toEqual(all);
    expect(calls).toEqual([
      [0, 500],
      [500, 500],
    ]);
  });

  it('clamps the page size to what SLS allows', async () => {
    const { api, calls } = pagedNames(names(3));

    await collect(listAllLogstores(api, 'demo-proj', 10_000));

    expect(calls).toEqual([[0, 500]]);
  });

  it('stops on an empty page even if total promised more', async () => {
    const { api, calls } = pagedNames(names(2), 5);

    const listed = await collect(listAllLogstores(api, 'demo-proj', 2));

    expect(listed).toHaveLength(2);
    expect(calls).toEqual([
      [0, 2],
      [2, 2],
    ]);
  });

  it('makes one call for an empty project', async () => {
    const { api, calls } = pagedNames([]);

    expect(await collect(listAllLogstores(api, 'demo-proj'))).toEqual([]);
    expect(calls).toHaveLength(1);
  });
});

describe('listAllProjects', () => {
  it('yields every project across pages', async () => {
    const projects = names(7).map((name) => ({ name, region: 'cn-hangzhou' }));
    const listProjects = async (offset: number, size: number) => ({
      total: projects.length,
      items: projects.slice(offset, offset + size),
    });

    const listed = await collect(listAllProjects({ listProjects }, 3));

    expect(listed).toEqual(projects);
  });
});
