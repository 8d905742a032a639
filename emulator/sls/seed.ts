import type { SeedLogstore, SeedProject } from '../types.ts';
import { LOGSTORE_NAME_RULE, nameProblem, PROJECT_NAME_RULE } from './names.ts';
import type { SlsStore } from './store.ts';

/**
 * Seeding bypasses the API's checks on purpose: a test may need a Logstore
 * with a value SLS would refuse today (an `encrypt_type` this version does
 * not know, say). Only names are checked, since a bad name could never be
 * addressed through a host or a path.
 */
const DEFAULT_TTL = 30;
const DEFAULT_SHARDS = 2;

const checkName = (kind: 'project' | 'logstore', name: unknown): void => {
  if (typeof name !== 'string') throw new Error(`${kind} name is required`);
  const rule = kind === 'project' ? PROJECT_NAME_RULE : LOGSTORE_NAME_RULE;
  const broken = nameProblem(name, rule);
  if (broken !== undefined) {
    throw new Error(`${kind} name ${name} ${broken}`);
  }
};

export const seedProject = (
  store: SlsStore,
  nowSeconds: number,
  project: SeedProject,
): void => {
  checkName('project', project.name);
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
 * The Logstore's project is found by account and name; a `region` field
 * picks among same-named projects. A project not yet seeded is created in
 * the default region.
 */
export const seedLogstore = (
  store: SlsStore,
  nowSeconds: number,
  defaultRegion: string,
  logstore: SeedLogstore,
): void => {
  const { accountId, project, region, ...fields } = logstore;
  checkName('project', project);
  checkName('logstore', logstore.logstoreName);
  const candidates = store
    .projects(accountId)
    .filter(
      (p) =>
        p.name === project &&
        (typeof region !== 'string' || p.region === region),
    );
  const home =
    candidates[0]?.region ??
    (typeof region === 'string' ? region : defaultRegion);
  if (candidates.length === 0) {
    seedProject(store, nowSeconds, { accountId, name: project, region: home });
  }
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
};
