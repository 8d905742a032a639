import { isKeyguardError } from '../errors.ts';
import type { Logger } from '../logging.ts';
import { matchesAny } from '../provision/patterns.ts';
import type { SlsApi } from '../sls/logstore.ts';
import { listAllLogstores, listAllProjects } from '../sls/paging.ts';
import { type Binding, bindingOf, logstorePath } from './binding.ts';
import type { CallGuard } from './call-guard.ts';

/**
 * The scan: every project of the asked regions, every Logstore of those
 * projects, and GetLogStore only for Logstores whose binding is not
 * cached. A Logstore's encryption cannot change, so a cached binding
 * stays true until the Logstore disappears from a listing; a full
 * refresh reads everything again at a configured interval.
 */
export interface InventoryInput {
  readonly regions: readonly string[];
  readonly projectPatterns: readonly string[];
  readonly cached: readonly Binding[];
  /** Whether this region's bindings are all read again this run. */
  readonly refreshDue: (region: string) => boolean;
  readonly sls: (region: string) => SlsApi;
  readonly guard: CallGuard;
  readonly now: () => number;
  readonly logger: Logger;
}

export interface CoverageGap {
  readonly region: string;
  /** `region`, a project, or `project/logstore`. */
  readonly scope: string;
  readonly code: string;
}

export interface InventoryResult {
  /** Every binding known after the scan, other regions' included. */
  readonly bindings: readonly Binding[];
  readonly read: readonly Binding[];
  readonly removed: readonly Binding[];
  readonly gaps: readonly CoverageGap[];
  readonly projects: number;
  readonly logstores: number;
  /** Regions whose projects and Logstores were all listed and read. */
  readonly complete: ReadonlySet<string>;
}

const codeOf = (error: unknown): string =>
  isKeyguardError(error) ? error.code : 'unexpected';

interface RegionScan {
  readonly kept: Binding[];
  readonly read: Binding[];
  readonly removed: Binding[];
  readonly gaps: CoverageGap[];
  projects: number;
  logstores: number;
}

const scanProject = async (
  input: InventoryInput,
  region: string,
  project: string,
  cached: ReadonlyMap<string, Binding>,
  out: RegionScan,
): Promise<void> => {
  const api = input.sls(region);
  const { guard } = input;
  const pages = {
    listLogstores: (p: string, offset: number, size: number) =>
      guard.call('ListLogStores', () => api.listLogstores(p, offset, size), {
        host: project,
      }),
  };
  let names: string[];
  try {
    names = [];
    for await (const name of listAllLogstores(pages, project)) names.push(name);
  } catch (error) {
    const code = codeOf(error);
    // A project deleted between the two listings has nothing to check.
    if (code === 'project_not_found') {
      out.removed.push(...cached.values());
      return;
    }
    out.gaps.push({ region, scope: project, code });
    out.kept.push(...cached.values());
    return;
  }
  out.logstores += names.length;
  const listed = new Set(names);
  for (const binding of cached.values()) {
    if (!listed.has(binding.logstore)) out.removed.push(binding);
  }
  const refresh = input.refreshDue(region);
  await Promise.all(
    names.map(async (name) => {
      const known = cached.get(name);
      if (known !== undefined && !refresh) {
        out.kept.push(known);
        return;
      }
      try {
        const logstore = await guard.call(
          'GetLogStore',
          () => api.getLogstore(project, name),
          { host: project },
        );
        // Gone between listing and reading: nothing to protect.
        if (logstore === undefined) {
          if (known !== undefined) out.removed.push(known);
          return;
        }
        out.read.push(bindingOf(logstore, region, input.now()));
      } catch (error) {
        out.gaps.push({
          region,
          scope: `${project}/${name}`,
          code: codeOf(error),
        });
        if (known !== undefined) out.kept.push(known);
      }
    }),
  );
};

const scanRegion = async (
  input: InventoryInput,
  region: string,
  cached: readonly Binding[],
): Promise<RegionScan> => {
  const out: RegionScan = {
    kept: [],
    read: [],
    removed: [],
    gaps: [],
    projects: 0,
    logstores: 0,
  };
  const byProject = new Map<string, Map<string, Binding>>();
  for (const binding of cached) {
    const logstores = byProject.get(binding.project) ?? new Map();
    logstores.set(binding.logstore, binding);
    byProject.set(binding.project, logstores);
  }
  const api = input.sls(region);
  const pages = {
    listProjects: (offset: number, size: number) =>
      input.guard.call('ListProject', () => api.listProjects(offset, size)),
  };
  const projects: string[] = [];
  try {
    for await (const project of listAllProjects(pages)) {
      if (
        input.projectPatterns.length === 0 ||
        matchesAny(project.name, input.projectPatterns)
      ) {
        projects.push(project.name);
      }
    }
  } catch (error) {
    out.gaps.push({ region, scope: region, code: codeOf(error) });
    out.kept.push(...cached);
    return out;
  }
  out.projects = projects.length;
  const listed = new Set(projects);
  for (const [project, logstores] of byProject) {
    if (!listed.has(project)) out.removed.push(...logstores.values());
  }
  await Promise.all(
    projects.map((project) =>
      scanProject(
        input,
        region,
        project,
        byProject.get(project) ?? new Map(),
        out,
      ),
    ),
  );
  return out;
};

export const runInventory = async (
  input: InventoryInput,
): Promise<InventoryResult> => {
  const regions = new Set(input.regions);
  const elsewhere = input.cached.filter((b) => !regions.has(b.projectRegion));
  const scans = await Promise.all(
    [...regions].map((region) =>
      scanRegion(
        input,
        region,
        input.cached.filter((b) => b.projectRegion === region),
      ),
    ),
  );
  const read = scans.flatMap((s) => s.read);
  const gaps = scans.flatMap((s) => s.gaps);
  for (const gap of gaps) {
    input.logger.warn({
      event: 'scan.gap',
      region: gap.region,
      scope: gap.scope,
      code: gap.code,
    });
  }
  return {
    bindings: [...elsewhere, ...scans.flatMap((s) => s.kept), ...read].sort(
      (a, b) => logstorePath(a).localeCompare(logstorePath(b)),
    ),
    read,
    removed: scans.flatMap((s) => s.removed),
    gaps,
    projects: scans.reduce((sum, s) => sum + s.projects, 0),
    logstores: scans.reduce((sum, s) => sum + s.logstores, 0),
    complete: new Set(
      [...regions].filter((r) => !gaps.some((g) => g.region === r)),
    ),
  };
};
