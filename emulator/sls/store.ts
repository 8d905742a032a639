import type { JsonObject } from './json-body.ts';

/**
 * Projects and Logstores, kept per account. A project is regional: the
 * same name in another region is another project. Logstore fields are kept
 * in wire names exactly as the last CreateLogStore or UpdateLogStore sent
 * them, so GetLogStore can echo them back.
 */
export interface StoredProject {
  readonly accountId: string;
  readonly name: string;
  readonly region: string;
  readonly description: string;
  /** Emulator-clock seconds. */
  readonly createTime: number;
  readonly lastModifyTime: number;
}

export interface StoredLogstore {
  readonly accountId: string;
  readonly project: string;
  readonly region: string;
  readonly logstoreName: string;
  /** Wire-named fields as stored, `shardCount` and `encrypt_conf` included. */
  readonly fields: Readonly<JsonObject>;
  readonly createTime: number;
  readonly lastModifyTime: number;
}

interface ProjectEntry {
  project: StoredProject;
  readonly logstores: Map<string, StoredLogstore>;
}

const projectKey = (region: string, name: string) => `${region}/${name}`;

export class SlsStore {
  /** accountId → `region/name` → project with its Logstores. */
  readonly #accounts = new Map<string, Map<string, ProjectEntry>>();

  #projectsOf(accountId: string): Map<string, ProjectEntry> {
    let projects = this.#accounts.get(accountId);
    if (projects === undefined) {
      projects = new Map();
      this.#accounts.set(accountId, projects);
    }
    return projects;
  }

  #entry(accountId: string, region: string, name: string) {
    return this.#accounts.get(accountId)?.get(projectKey(region, name));
  }

  project(
    accountId: string,
    region: string,
    name: string,
  ): StoredProject | undefined {
    return this.#entry(accountId, region, name)?.project;
  }

  /** The account's projects in one region, or in all regions. */
  projects(accountId: string, region?: string): StoredProject[] {
    const all = [...(this.#accounts.get(accountId)?.values() ?? [])];
    return all
      .map((entry) => entry.project)
      .filter((project) => region === undefined || project.region === region);
  }

  /** Project names are unique within a region across all accounts. */
  projectNameTaken(region: string, name: string): boolean {
    for (const projects of this.#accounts.values()) {
      if (projects.has(projectKey(region, name))) return true;
    }
    return false;
  }

  putProject(project: StoredProject): void {
    const projects = this.#projectsOf(project.accountId);
    const key = projectKey(project.region, project.name);
    const existing = projects.get(key);
    if (existing === undefined) {
      projects.set(key, { project, logstores: new Map() });
    } else {
      existing.project = project;
    }
  }

  logstores(accountId: string, region: string, project: string) {
    const entry = this.#entry(accountId, region, project);
    return [...(entry?.logstores.values() ?? [])];
  }

  logstore(
    accountId: string,
    region: string,
    project: string,
    name: string,
  ): StoredLogstore | undefined {
    return this.#entry(accountId, region, project)?.logstores.get(name);
  }

  /** The project must exist; the caller has checked. */
  putLogstore(logstore: StoredLogstore): void {
    const { accountId, region, project, logstoreName } = logstore;
    const entry = this.#entry(accountId, region, project);
    if (entry === undefined) {
      throw new Error(`project ${region}/${project} is not stored`);
    }
    entry.logstores.set(logstoreName, logstore);
  }

  deleteLogstore(
    accountId: string,
    region: string,
    project: string,
    name: string,
  ): boolean {
    const entry = this.#entry(accountId, region, project);
    return entry?.logstores.delete(name) ?? false;
  }

  reset(): void {
    this.#accounts.clear();
  }

  /** Deep copies, so a caller cannot change what is stored. */
  snapshot(): { projects: StoredProject[]; logstores: StoredLogstore[] } {
    const projects: StoredProject[] = [];
    const logstores: StoredLogstore[] = [];
    for (const entries of this.#accounts.values()) {
      for (const entry of entries.values()) {
        projects.push({ ...entry.project });
        for (const logstore of entry.logstores.values()) {
          logstores.push(structuredClone(logstore));
        }
      }
    }
    return { projects, logstores };
  }
}
