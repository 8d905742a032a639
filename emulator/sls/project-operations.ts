import {
  nowSeconds,
  type Operation,
  type OperationContext,
  requireProject,
} from './context.ts';
import {
  emptyResponse,
  invalidParameter,
  jsonResponse,
  SLS_ERROR,
  SlsError,
} from './errors.ts';
import { expectString, type JsonObject, parseJsonObject } from './json-body.ts';
import { nameProblem, PROJECT_NAME_RULE } from './names.ts';
import { PROJECT_PAGE, paged, pageOf } from './paging.ts';
import type { StoredProject } from './store.ts';

/** ListProject, GetProject and CreateProject. */
const projectView = (project: StoredProject) => ({
  projectName: project.name,
  region: project.region,
  description: project.description,
  owner: project.accountId,
  status: 'Normal',
  // The SDK's Project model types both times as strings.
  createTime: String(project.createTime),
  lastModifyTime: String(project.lastModifyTime),
});

export const listProject: Operation = (context) => {
  const page = pageOf(context.request.query, PROJECT_PAGE);
  const filter = context.request.query.projectName ?? '';
  const projects = context.store
    .projects(context.accountId, context.region)
    .filter((project) => project.name.includes(filter))
    .sort((a, b) => a.name.localeCompare(b.name));
  const { count, total, items } = paged(projects, page);
  return jsonResponse(
    context.request.requestId,
    { count, total, projects: items.map(projectView) },
    context.accountId,
  );
};

export const getProject: Operation = (context) =>
  jsonResponse(
    context.request.requestId,
    projectView(requireProject(context)),
    context.accountId,
  );

const CREATE_PROJECT_FIELDS = new Set([
  'projectName',
  'description',
  'dataRedundancyType',
  'recycleBinEnabled',
  'resourceGroupId',
]);

const checkedProjectName = (
  context: OperationContext,
  body: JsonObject,
): string => {
  for (const key of Object.keys(body)) {
    if (!CREATE_PROJECT_FIELDS.has(key)) {
      throw invalidParameter(`${key} is not a known project field`);
    }
  }
  if (body.projectName === undefined) {
    throw invalidParameter('projectName is required');
  }
  const name = expectString(body.projectName, 'projectName');
  const problem = nameProblem(name, PROJECT_NAME_RULE);
  if (problem !== undefined) {
    throw invalidParameter(`projectName ${name} ${problem}`);
  }
  const hostProject = context.request.host.project;
  if (hostProject !== undefined && hostProject !== name) {
    throw invalidParameter(
      `projectName ${name} differs from the project ${hostProject} in the Host`,
    );
  }
  return name;
};

export const createProject: Operation = (context) => {
  const body = parseJsonObject(context.request.body);
  const name = checkedProjectName(context, body);
  const description =
    body.description === undefined
      ? ''
      : expectString(body.description, 'description');
  if (context.store.projectNameTaken(context.region, name)) {
    throw new SlsError(
      400,
      SLS_ERROR.ProjectAlreadyExist,
      `Project ${name} already exist.`,
    );
  }
  const quota = context.deps.accounts.quotasOf(
    context.accountId,
  ).projectsPerAccount;
  if (context.store.projects(context.accountId).length >= quota) {
    throw new SlsError(
      400,
      SLS_ERROR.ProjectQuotaExceed,
      `the account already has ${quota} projects, its quota`,
    );
  }
  const now = nowSeconds(context);
  context.store.putProject({
    accountId: context.accountId,
    name,
    region: context.region,
    description,
    createTime: now,
    lastModifyTime: now,
  });
  return emptyResponse(context.request.requestId, context.accountId);
};
