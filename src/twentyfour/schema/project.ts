// Generated from ../shared/24so/wsdl/projectService.wsdl by src/twentyfour/schema/generate.ts. Do not edit.
// Field order is the WSDL sequence order; the codec writes and reads with these specs.
import { arrayOf, objectSpec } from '../codec.ts';

export interface ProjectSearch {
  projectIds?: number[];
  myProjects?: boolean;
  allOpenProjects?: boolean;
  customerId?: number;
  search?: string;
  changedAfter?: Date;
  startedAfter?: Date;
  startedBefore?: Date;
}

export const projectSearchSpec = objectSpec('ProjectSearch', [
  ['ProjectIds', 'projectIds', arrayOf('int', 'int')],
  ['MyProjects', 'myProjects', 'bool'],
  ['AllOpenProjects', 'allOpenProjects', 'bool'],
  ['CustomerId', 'customerId', 'int'],
  ['Search', 'search', 'string'],
  ['ChangedAfter', 'changedAfter', 'dateTime'],
  ['StartedAfter', 'startedAfter', 'dateTime'],
  ['StartedBefore', 'startedBefore', 'dateTime'],
]);

export interface GetProjectListRequest {
  ps?: ProjectSearch;
}

export const getProjectListRequestSpec = objectSpec('GetProjectList', [['Ps', 'ps', projectSearchSpec]]);

export type ProjectNameType = 'Plain' | 'Company_Project' | 'Project_Company';

export type TriState = 'none' | 'True' | 'False';

export type TimeRegType = 'WorkType' | 'Task';

export interface Project {
  id?: number;
  enabled?: boolean;
  name?: string;
  rawName?: string;
  nameDisplay?: ProjectNameType;
  quickListed?: boolean;
  dateChanged?: Date;
  dateStart?: Date;
  dateStop?: Date;
  dateRegistered?: Date;
  customerId?: number;
  customerName?: string;
  invoiceTemplateId?: string;
  orderReferenceNumber?: string;
  departmentId?: number;
  customerReference?: string;
  owner?: number;
  pipeline?: number;
  typeId?: number;
  typeName?: string;
  statusId?: number;
  statusName?: string;
  needApproval?: TriState;
  multiCustomer?: boolean;
  description?: string;
  workTypeId?: number;
  workTypeName?: string;
  timeReg?: TimeRegType;
  version?: number;
  isFoldersAdded?: TriState;
  overrideWorkTypeTask?: TriState;
  participants?: number[];
  budgetHourCost?: string;
  budgetHour?: string;
  fixedPrice?: boolean;
  budget?: number;
  useProjectOwnerAsOurReference?: boolean;
}

export const projectSpec = objectSpec('Project', [
  ['Id', 'id', 'int'],
  ['Enabled', 'enabled', 'bool'],
  ['Name', 'name', 'string'],
  ['RawName', 'rawName', 'string'],
  ['NameDisplay', 'nameDisplay', 'string', 'req'],
  ['QuickListed', 'quickListed', 'bool'],
  ['DateChanged', 'dateChanged', 'dateTime'],
  ['DateStart', 'dateStart', 'dateTime'],
  ['DateStop', 'dateStop', 'dateTime'],
  ['DateRegistered', 'dateRegistered', 'dateTime'],
  ['CustomerId', 'customerId', 'int'],
  ['CustomerName', 'customerName', 'string'],
  ['InvoiceTemplateId', 'invoiceTemplateId', 'string'],
  ['OrderReferenceNumber', 'orderReferenceNumber', 'string'],
  ['DepartmentId', 'departmentId', 'int', 'nil'],
  ['CustomerReference', 'customerReference', 'string'],
  ['Owner', 'owner', 'int'],
  ['Pipeline', 'pipeline', 'int'],
  ['TypeId', 'typeId', 'int'],
  ['TypeName', 'typeName', 'string'],
  ['StatusId', 'statusId', 'int'],
  ['StatusName', 'statusName', 'string'],
  ['NeedApproval', 'needApproval', 'string'],
  ['MultiCustomer', 'multiCustomer', 'bool'],
  ['Description', 'description', 'string'],
  ['WorkTypeId', 'workTypeId', 'int'],
  ['WorkTypeName', 'workTypeName', 'string'],
  ['TimeReg', 'timeReg', 'string', 'req'],
  ['Version', 'version', 'short'],
  ['IsFoldersAdded', 'isFoldersAdded', 'string'],
  ['OverrideWorkTypeTask', 'overrideWorkTypeTask', 'string'],
  ['Participants', 'participants', arrayOf('int', 'int')],
  ['BudgetHourCost', 'budgetHourCost', 'decimal', 'nil'],
  ['BudgetHour', 'budgetHour', 'decimal', 'nil'],
  ['FixedPrice', 'fixedPrice', 'bool', 'nil'],
  ['Budget', 'budget', 'int', 'nil'],
  ['UseProjectOwnerAsOurReference', 'useProjectOwnerAsOurReference', 'bool', 'nil'],
]);

export interface GetProjectListResponse {
  getProjectListResult?: Project[];
}

export const getProjectListResponseSpec = objectSpec('GetProjectListResponse', [
  ['GetProjectListResult', 'getProjectListResult', arrayOf('Project', projectSpec)],
]);

export interface GetProjectsDetailedRequest {
  ps?: ProjectSearch;
}

export const getProjectsDetailedRequestSpec = objectSpec('GetProjectsDetailed', [
  ['Ps', 'ps', projectSearchSpec],
]);

export interface GetProjectsDetailedResponse {
  getProjectsDetailedResult?: Project[];
}

export const getProjectsDetailedResponseSpec = objectSpec('GetProjectsDetailedResponse', [
  ['GetProjectsDetailedResult', 'getProjectsDetailedResult', arrayOf('Project', projectSpec)],
]);

export interface SaveProjectRequest {
  project?: Project;
}

export const saveProjectRequestSpec = objectSpec('SaveProject', [['project', 'project', projectSpec]]);

export interface SaveProjectResponse {
  saveProjectResult?: number;
}

export const saveProjectResponseSpec = objectSpec('SaveProjectResponse', [
  ['SaveProjectResult', 'saveProjectResult', 'int', 'req'],
]);

export type GetProjectStatusesRequest = Record<string, never>;

export const getProjectStatusesRequestSpec = objectSpec('GetProjectStatuses', []);

export interface Status {
  id?: number;
  name?: string;
  active?: boolean;
}

export const statusSpec = objectSpec('Status', [
  ['Id', 'id', 'int'],
  ['Name', 'name', 'string'],
  ['Active', 'active', 'bool'],
]);

export interface GetProjectStatusesResponse {
  getProjectStatusesResult?: Status[];
}

export const getProjectStatusesResponseSpec = objectSpec('GetProjectStatusesResponse', [
  ['GetProjectStatusesResult', 'getProjectStatusesResult', arrayOf('Status', statusSpec)],
]);

export interface GetDeactivatedProjectsRequest {
  ps?: ProjectSearch;
}

export const getDeactivatedProjectsRequestSpec = objectSpec('GetDeactivatedProjects', [
  ['ps', 'ps', projectSearchSpec],
]);

export interface GetDeactivatedProjectsResponse {
  getDeactivatedProjectsResult?: Project[];
}

export const getDeactivatedProjectsResponseSpec = objectSpec('GetDeactivatedProjectsResponse', [
  ['GetDeactivatedProjectsResult', 'getDeactivatedProjectsResult', arrayOf('Project', projectSpec)],
]);
