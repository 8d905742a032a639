import type { SeedLogstore, SeedProject } from '../types.ts';
import { LOGSTORE_NAME_RULE, nameProblem, PROJECT_NAME_RULE } from './names.ts';
import type { SlsStore } from './store.ts';

/**
 * Seeding bypasses the API's checks on purpose: a test may need a Logstore
 * with a value SLS would refuse today (an `encrypt_type` this version does
 * not know, say). Names are checked, since a bad name could never be
 * addressed through a host or a path, and so is a Logstore that exists:
 * replacing it would silently drop its `encrypt_conf`. Every check runs
 * before anything is stored, so a refused seed leaves the store as it was.
 */
const DEFAULT_TTL = 30;
const DEFAULT_SHARDS = 2;

export interface SlsSeed {
  readonly projects?: readonly SeedProject[];
  readonly logstores?: readonly SeedLogstore[];
}

const checkName = (kind: 'project' | 'logstore', name: unknown): void => {
  if (typeof name !== 'string') throw new Error(`${kind} name is required`);
  const rule = kind === 'project' ? PROJECT_NAME_RULE : LOGSTORE_NAME_RULE;
  const broken = nameProblem(name, rule);
  if (broken !== undefined) {
    throw new Error(`${kind} name ${name} ${broken}`);
  }
};

const putProject = (
  store: SlsStore,
  nowSeconds: number,
  project: SeedProject,
): void => {
  const existing = store.project(
    project.accountId,
    project.region,
    project.name,
  );
  store.putProject({
    accountId: project.accountId,
    name: project.name,
    region: project.region,
    description: project.description ?? existing?.description ?? '',
    createTime: existing?.createTime ?? nowSeconds,
    lastModifyTime: nowSeconds,
  });
};

/**
 * Checks a whole seed against the store and itself, and answers what
 * stores it. A Logstore's project is found by account and name, among
 * stored projects and the seed's own; a `region` field picks among
 * same-named projects. A project found nowhere is created in the default
 * region.
 */
export const planSlsSeed = (
  store: SlsStore,
  defaultRegion: string,
  seed: SlsSeed,
): ((nowSeconds: number) => void) => {
  const projects = [...(seed.projects ?? [])];
  for (const project of projects) checkName('project', project.name);
  const known = (accountId: string) => [
    ...store.projects(accountId),
    ...projects.filter((p) => p.accountId === accountId),
  ];
  const planned = new Set<string>();
  const logstores = (seed.logstores ?? []).map((logstore) => {
    const { accountId, project, region } = logstore;
    checkName('project', project);
    checkName('logstore', logstore.logstoreName);
    const candidates = known(accountId).filter(
      (p) =>
        p.name === project &&
        (typeof region !== 'string' || p.region === region),
    );
    const home =
      candidates[0]?.region ??
      (typeof region === 'string' ? region : defaultRegion);
    if (candidates.length === 0) {
      projects.push({ accountId, name: project, region: home });
    }
    const slot = `${accountId}/${home}/${project}/${logstore.logstoreName}`;
    if (
      planned.has(slot) ||
      store.logstore(accountId, home, project, logstore.logstoreName)
    ) {
      throw new Error(
        `logstore ${logstore.logstoreName} already exists in project ` +
          `${project} (${home}); delete it or seed another name`,
      );
    }
    planned.add(slot);
    return { logstore, home };
  });

  return (nowSeconds) => {
    for (const project of projects) putProject(store, nowSeconds, project);
    for (const { logstore, home } of logstores) {
      const { accountId, project, region: _, ...fields } = logstore;
      store.putLogstore({
        accountId,
        project,
        region: home,
        logstoreName: logstore.logstoreName,
        fields: structuredClone({
          ttl: DEFAULT_TTL,
          shardCount: DEFAULT_SHARDS,
          ...fields,
        }),
        createTime: nowSeconds,
        lastModifyTime: nowSeconds,
      });
    }
  };
};
