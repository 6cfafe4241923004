import type { Obj } from '../codec.ts';
import { format, fromInt, toScaled, trim } from '../decimal.ts';
import {
  limitIds,
  type OperationContext,
  publicCopy,
  requireClient,
  type ServiceDef,
  serverFault,
} from '../service.ts';
import { type ClientData, isoSeconds, nextId } from '../state.ts';

// TimeService (our WSDL, written from the documented types). 24SO keeps hours at minute
// resolution: stored start/stop times lose their seconds, and the search's dates are compared
// by the minute, so a ChangedAfter inside the minute of a change still finds it.

const MAX_HOURS = fromInt(255);

/** `2024-05-06T06:00:42Z` → `2024-05-06T06:00:00Z`. */
export function toMinute(iso: string): string {
  return iso.startsWith('0001-') ? iso : `${iso.slice(0, 16)}:00Z`;
}

function workTypes(ctx: OperationContext, p: Obj): Obj[] {
  const client = requireClient(ctx);
  if (typeof p.ProjectId === 'number' && p.ProjectId > 0) {
    // With a project, Active is ignored; a project with no work types ticked gets them all.
    const ticked = client.workTypes.filter((w) =>
      ((w.$projectIds as number[] | undefined) ?? []).includes(p.ProjectId as number),
    );
    return (ticked.length > 0 ? ticked : client.workTypes).map(publicCopy);
  }
  return client.workTypes
    .filter((w) =>
      p.Active === 'True' ? w.$active !== false : p.Active === 'False' ? w.$active === false : true,
    )
    .map(publicCopy);
}

function findHours(client: ClientData, s: Obj): Obj[] {
  const ids = limitIds(s.HourIds, 'HourIds');
  const idSet = ids ? new Set(ids) : undefined;
  const minute = (v: unknown) => (typeof v === 'string' && !v.startsWith('0001-') ? toMinute(v) : undefined);
  const changed = minute(s.ChangedAfter);
  const registered = minute(s.RegisteredAfter);
  const start = minute(s.StartTime);
  const stop = minute(s.StopTime);
  return client.hours.filter((h) => {
    if (idSet && !idSet.has(h.Id as number)) return false;
    if (s.ProjectId !== undefined && h.ProjectId !== s.ProjectId) return false;
    if (s.ContactId !== undefined && h.ContactId !== s.ContactId) return false;
    if (s.TypeOfWorkId !== undefined && h.TypeOfWorkId !== s.TypeOfWorkId) return false;
    if (changed && toMinute(String(h.$changed)) < changed) return false;
    if (registered && toMinute(String(h.$registered)) < registered) return false;
    if (start && String(h.StartTime) < start) return false;
    // An hour saved without StopTime ends where it starts, for the search.
    if (stop && String(h.StopTime ?? h.StartTime) > stop) return false;
    switch (s.Status) {
      case 'Approved':
        return h.Approved === 'True';
      case 'Locked':
        return h.Locked === 'True';
      case 'Registered':
        return h.Approved !== 'True' && h.Locked !== 'True';
      case 'Rejected':
        return false;
      default:
        return true;
    }
  });
}

function saveHour(ctx: OperationContext, p: Obj): Obj {
  const client = requireClient(ctx);
  const input = (p.Hour as Obj | undefined) ?? {};
  const id = typeof input.Id === 'number' && input.Id > 0 ? input.Id : undefined;
  const existing = id === undefined ? undefined : client.hours.find((h) => h.Id === id);
  if (id !== undefined && !existing) throw serverFault(`Hour with Id ${id} does not exist.`);
  if (existing && (existing.Locked === 'True' || existing.OrderId !== undefined)) {
    throw serverFault(`Hour ${id} is locked or transferred to an order and cannot be changed.`);
  }
  const merged: Obj = { ...(existing ?? {}), ...input };
  for (const key of ['StartTime', 'StopTime'] as const) {
    if (typeof merged[key] === 'string') merged[key] = toMinute(merged[key] as string);
  }
  if (merged.ContactId === undefined || !client.persons.some((x) => x.Id === merged.ContactId)) {
    throw serverFault(`Contact ${merged.ContactId ?? '(none)'} does not exist.`);
  }
  const project = client.projects.find((x) => x.Id === merged.ProjectId);
  if (merged.ProjectId !== undefined && !project)
    throw serverFault(`Project ${merged.ProjectId} does not exist.`);
  if (!client.workTypes.some((w) => w.Id === merged.TypeOfWorkId)) {
    throw serverFault(`Work type ${merged.TypeOfWorkId ?? '(none)'} does not exist.`);
  }
  if (
    merged.TotalHours === undefined &&
    typeof merged.StartTime === 'string' &&
    typeof merged.StopTime === 'string'
  ) {
    const minutes = (Date.parse(merged.StopTime) - Date.parse(merged.StartTime)) / 60_000;
    merged.TotalHours = trim(format((fromInt(minutes) * 1_000_000n) / fromInt(60), 2));
  }
  for (const key of ['TotalHours', 'TotalHoursInvoice'] as const) {
    const value = merged[key];
    if (typeof value === 'string' && (toScaled(value) > MAX_HOURS || toScaled(value) < 0n)) {
      throw serverFault(`${key} must be between 0 and 255.`);
    }
  }
  const stamp = isoSeconds(ctx.now);
  merged.CustomerId ??= project?.CustomerId;
  merged.$changed = stamp;
  ctx.changed = true;
  if (existing) {
    Object.assign(existing, merged);
    return publicCopy(existing);
  }
  const created: Obj = {
    Locked: 'none',
    Approved: 'False',
    ...merged,
    Id: nextId(client, 'hours'),
    $registered: stamp,
  };
  client.hours.push(created);
  return publicCopy(created);
}

export const timeService: ServiceDef = {
  name: 'TimeService',
  path: '/timesheet/v001/timeservice.asmx',
  wsdl: 'timeService.wsdl',
  operations: {
    GetWorkTypeList: { needsClient: true, run: (ctx, p) => ({ result: workTypes(ctx, p) }) },
    GetHours: {
      needsClient: true,
      run: (ctx, p) => ({
        result: findHours(requireClient(ctx), (p.hs as Obj | undefined) ?? {}).map(publicCopy),
      }),
    },
    GetHourList: {
      needsClient: true,
      run: (ctx, p) => ({
        result: findHours(requireClient(ctx), (p.hs as Obj | undefined) ?? {}).map((h) => h.Id),
      }),
    },
    SaveHour: { needsClient: true, run: (ctx, p) => ({ result: saveHour(ctx, p) }) },
  },
};
