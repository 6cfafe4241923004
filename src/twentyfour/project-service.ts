import { readObject, writeFields } from './codec.ts';
import { ResponseFormatError } from './errors.ts';
import {
  type GetDeactivatedProjectsResponse,
  type GetProjectListResponse,
  type GetProjectStatusesResponse,
  type GetProjectsDetailedResponse,
  getDeactivatedProjectsRequestSpec,
  getDeactivatedProjectsResponseSpec,
  getProjectListRequestSpec,
  getProjectListResponseSpec,
  getProjectStatusesResponseSpec,
  getProjectsDetailedRequestSpec,
  getProjectsDetailedResponseSpec,
  type Project,
  type ProjectSearch,
  type SaveProjectResponse,
  type Status,
  saveProjectRequestSpec,
  saveProjectResponseSpec,
} from './schema/project.ts';
import type { SoapCaller } from './transport.ts';

export type { Project, ProjectSearch, Status } from './schema/project.ts';

/**
 * Projects matching the search (open ones; deactivated ones come from getDeactivatedProjects).
 * @example const changed = await getProjectList(session, { changedAfter: lastRun });
 */
export async function getProjectList(caller: SoapCaller, search: ProjectSearch): Promise<Project[]> {
  const element = await caller.call(
    'project',
    'GetProjectList',
    writeFields(getProjectListRequestSpec, { ps: search }),
  );
  return readObject<GetProjectListResponse>(getProjectListResponseSpec, element).getProjectListResult ?? [];
}

/**
 * Like getProjectList with every property filled.
 * @example const [project] = await getProjectsDetailed(session, { projectIds: [1001] });
 */
export async function getProjectsDetailed(caller: SoapCaller, search: ProjectSearch): Promise<Project[]> {
  const element = await caller.call(
    'project',
    'GetProjectsDetailed',
    writeFields(getProjectsDetailedRequestSpec, { ps: search }),
  );
  return (
    readObject<GetProjectsDetailedResponse>(getProjectsDetailedResponseSpec, element)
      .getProjectsDetailedResult ?? []
  );
}

/**
 * Deactivated projects matching the search (note the lower-case `ps` parameter in the WSDL).
 * @example const closed = await getDeactivatedProjects(session, {});
 */
export async function getDeactivatedProjects(caller: SoapCaller, search: ProjectSearch): Promise<Project[]> {
  const element = await caller.call(
    'project',
    'GetDeactivatedProjects',
    writeFields(getDeactivatedProjectsRequestSpec, { ps: search }),
  );
  return (
    readObject<GetDeactivatedProjectsResponse>(getDeactivatedProjectsResponseSpec, element)
      .getDeactivatedProjectsResult ?? []
  );
}

/**
 * The project statuses of the client (ids for Project.StatusId).
 * @example const statuses = await getProjectStatuses(session);
 */
export async function getProjectStatuses(caller: SoapCaller): Promise<Status[]> {
  const element = await caller.call('project', 'GetProjectStatuses', '');
  return (
    readObject<GetProjectStatusesResponse>(getProjectStatusesResponseSpec, element)
      .getProjectStatusesResult ?? []
  );
}

/**
 * Creates (no id) or updates (id) a project and returns its id. NameDisplay and TimeReg are
 * required by the schema; they default to 'Plain' and 'WorkType' (hours by work type).
 * @example const id = await saveProject(session, { name: 'Boligfelt Nordvik, trinn 2', customerId: 10001 });
 */
export async function saveProject(caller: SoapCaller, project: Project): Promise<number> {
  const withDefaults: Project = {
    ...project,
    nameDisplay: project.nameDisplay ?? 'Plain',
    timeReg: project.timeReg ?? 'WorkType',
  };
  const element = await caller.call(
    'project',
    'SaveProject',
    writeFields(saveProjectRequestSpec, { project: withDefaults }),
  );
  const id = readObject<SaveProjectResponse>(saveProjectResponseSpec, element).saveProjectResult;
  if (id === undefined || id <= 0) throw new ResponseFormatError('SaveProject returnerte ingen prosjekt-id');
  return id;
}
