import { readObject, writeFields } from './codec.ts';
import { ResponseFormatError } from './errors.ts';
import {
  type GetHoursResponse,
  type GetWorkTypeListResponse,
  getHoursRequestSpec,
  getHoursResponseSpec,
  getWorkTypeListRequestSpec,
  getWorkTypeListResponseSpec,
  type Hour,
  type HourSearch,
  type SaveHourResponse,
  saveHourRequestSpec,
  saveHourResponseSpec,
  type TriState,
  type WorkType,
} from './schema/time.ts';
import type { SoapCaller } from './transport.ts';

// TimeService has no public WSDL. Parameter names follow API-NOTES §5.4 (`hs` for GetHours,
// `Hour` for SaveHour) as written down in the sandbox's TimeService WSDL. No delete operation
// for hours is documented anywhere, so none is offered.

export type { Cost, Hour, HourSearch, HourStatus, WorkType } from './schema/time.ts';

/** 24SO accepts at most this many HourIds in one GetHours call. */
export const MAX_HOUR_IDS_PER_CALL = 1000;

/**
 * Work types: all (`active` omitted or 'none'), active or inactive ones; with `projectId` the
 * project's ticked work types (24SO then ignores `active`).
 * @example const workTypes = await getWorkTypeList(session, { active: 'True' });
 */
export async function getWorkTypeList(
  caller: SoapCaller,
  filter: { active?: TriState; projectId?: number } = {},
): Promise<WorkType[]> {
  const element = await caller.call(
    'time',
    'GetWorkTypeList',
    writeFields(getWorkTypeListRequestSpec, filter),
  );
  return (
    readObject<GetWorkTypeListResponse>(getWorkTypeListResponseSpec, element).getWorkTypeListResult ?? []
  );
}

/**
 * Hours matching the search (UTC, minute resolution); more than 1000 HourIds are fetched in
 * several calls.
 * @example const hours = await getHours(session, { changedAfter: lastRun, projectId: 1001 });
 */
export async function getHours(caller: SoapCaller, search: HourSearch): Promise<Hour[]> {
  const ids = search.hourIds;
  if (ids && ids.length > MAX_HOUR_IDS_PER_CALL) {
    const all: Hour[] = [];
    for (let i = 0; i < ids.length; i += MAX_HOUR_IDS_PER_CALL) {
      all.push(...(await getHours(caller, { ...search, hourIds: ids.slice(i, i + MAX_HOUR_IDS_PER_CALL) })));
    }
    return all;
  }
  const element = await caller.call('time', 'GetHours', writeFields(getHoursRequestSpec, { hs: search }));
  return readObject<GetHoursResponse>(getHoursResponseSpec, element).getHoursResult ?? [];
}

/**
 * Saves one hour registration (no id: create; id: update) and returns it as stored, with id.
 * @example const saved = await saveHour(session, { typeOfWorkId: 1, contactId: 501, projectId: 1001, startTime, stopTime, totalHours: '7.5' });
 */
export async function saveHour(caller: SoapCaller, hour: Hour): Promise<Hour & { id: number }> {
  const element = await caller.call('time', 'SaveHour', writeFields(saveHourRequestSpec, { hour }));
  const saved = readObject<SaveHourResponse>(saveHourResponseSpec, element).saveHourResult;
  if (saved?.id === undefined) throw new ResponseFormatError('SaveHour returnerte ingen time-id');
  return saved as Hour & { id: number };
}
