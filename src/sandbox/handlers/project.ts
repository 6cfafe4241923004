import type { Obj } from '../codec.ts';
import {
  changedAfter,
  copyState,
  type OperationContext,
  publicCopy,
  requireClient,
  type ServiceDef,
  serverFault,
} from '../service.ts';
import { bumpSequence, type ClientData, findGrant, isoSeconds, nextId } from '../state.ts';

// ProjectService. SaveProject answers with the id (xs:int), so a refused project is a fault,
// not an APIException (the Project type has no APIException member).

function search(ctx: OperationContext, client: ClientData, s: Obj, deactivated: boolean): Obj[] {
  const ids = Array.isArray(s.ProjectIds) ? new Set(s.ProjectIds as number[]) : undefined;
  const text = typeof s.Search === 'string' ? s.Search.toLowerCase() : undefined;
  const me = ctx.session ? findGrant(ctx.data, ctx.session.identityId)?.grant.user.ContactId : undefined;
  return client.projects
    .filter((x) => (x.$deactivated === true) === deactivated)
    .filter((x) => {
      if (ids && !ids.has(x.Id as number)) return false;
      if (s.CustomerId !== undefined && x.CustomerId !== s.CustomerId) return false;
      if (
        text &&
        !String(x.Name ?? '')
          .toLowerCase()
          .includes(text)
      )
        return false;
      if (typeof s.StartedAfter === 'string' && !(String(x.DateStart ?? '') > s.StartedAfter)) return false;
      if (typeof s.StartedBefore === 'string' && !(String(x.DateStart ?? '9999') < s.StartedBefore))
        return false;
      if (
        s.MyProjects === true &&
        x.Owner !== me &&
        !((x.Participants as number[] | undefined) ?? []).includes(me ?? -1)
      ) {
        return false;
      }
      return changedAfter(x.DateChanged, s.ChangedAfter);
    })
    .map(publicCopy);
}

function saveProject(ctx: OperationContext, p: Obj): number {
  const client = requireClient(ctx);
  const input = (p.project as Obj | undefined) ?? {};
  const id = typeof input.Id === 'number' && input.Id > 0 ? input.Id : undefined;
  const existing = id === undefined ? undefined : client.projects.find((x) => x.Id === id);
  const name = input.Name ?? existing?.Name;
  if (typeof name !== 'string' || name.trim() === '') throw serverFault('Project name is required.');
  const customer =
    input.CustomerId === undefined ? undefined : client.companies.find((c) => c.Id === input.CustomerId);
  if (input.CustomerId !== undefined && input.CustomerId !== 0 && !customer) {
    throw serverFault(`Customer with Id ${input.CustomerId} does not exist.`);
  }
  const status =
    input.StatusId === undefined ? undefined : client.projectStatuses.find((s) => s.Id === input.StatusId);
  if (input.StatusId !== undefined && !status)
    throw serverFault(`Project status ${input.StatusId} does not exist.`);
  const stamp = isoSeconds(ctx.now);
  const owner = ctx.session ? findGrant(ctx.data, ctx.session.identityId)?.grant.user.ContactId : undefined;
  // Owner is always the API user; Enabled is not used by 24SO; server-kept dates are not writable.
  const {
    Owner: _o,
    Enabled: _e,
    DateChanged: _c,
    DateRegistered: _r,
    CustomerName: _n,
    StatusName: _s,
    ...changes
  } = input;
  ctx.changed = true;
  const target: Obj = existing ?? {
    Id: id ?? nextId(client, 'projects'),
    Enabled: false,
    NameDisplay: 'Plain',
    TimeReg: 'WorkType',
    Version: 1,
    Owner: owner,
    DateRegistered: stamp,
    StatusId: 1,
    StatusName: 'Aktiv',
  };
  if (id !== undefined && !existing) bumpSequence(client, 'projects', id);
  Object.assign(target, changes, { Id: target.Id, DateChanged: stamp });
  if (customer) target.CustomerName = customer.Name;
  if (input.CustomerId === 0) {
    delete target.CustomerId;
    delete target.CustomerName;
  }
  if (status) {
    target.StatusName = status.Name;
    // Like 24SO: a project put in an inactive status (e.g. «Avsluttet») is deactivated.
    target.$deactivated = status.Active === false;
  }
  if (!existing) client.projects.push(target);
  return target.Id as number;
}

export const projectService: ServiceDef = {
  name: 'ProjectService',
  path: '/Project/V001/ProjectService.asmx',
  wsdl: 'projectService.wsdl',
  operations: {
    GetProjectList: {
      needsClient: true,
      run: (ctx, p) => ({ result: search(ctx, requireClient(ctx), (p.Ps as Obj | undefined) ?? {}, false) }),
    },
    GetProjectsDetailed: {
      needsClient: true,
      run: (ctx, p) => ({ result: search(ctx, requireClient(ctx), (p.Ps as Obj | undefined) ?? {}, false) }),
    },
    GetDeactivatedProjects: {
      needsClient: true,
      run: (ctx, p) => ({ result: search(ctx, requireClient(ctx), (p.ps as Obj | undefined) ?? {}, true) }),
    },
    GetProjectNameList: {
      needsClient: true,
      run: (ctx) => ({
        result: requireClient(ctx)
          .projects.filter((x) => !x.$deactivated)
          .map((x) => ({ Id: x.Id, Name: x.Name })),
      }),
    },
    GetDeactivatedProjectNameList: {
      needsClient: true,
      run: (ctx) => ({
        result: requireClient(ctx)
          .projects.filter((x) => x.$deactivated)
          .map((x) => ({ Id: x.Id, Name: x.Name })),
      }),
    },
    GetSingleProject: {
      needsClient: true,
      run: (ctx, p) => {
        const found = requireClient(ctx).projects.find((x) => x.Id === p.projectId);
        if (!found) throw serverFault(`Project with Id ${p.projectId} does not exist.`);
        return { result: publicCopy(found) };
      },
    },
    GetProjectStatuses: {
      needsClient: true,
      run: (ctx) => ({ result: copyState(requireClient(ctx).projectStatuses) }),
    },
    SaveProject: { needsClient: true, run: (ctx, p) => ({ result: saveProject(ctx, p) }) },
  },
};
