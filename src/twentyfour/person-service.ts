import { readObject, writeFields } from './codec.ts';
import {
  type GetPersonsDetailedResponse,
  type GetPersonsResponse,
  getPersonsDetailedRequestSpec,
  getPersonsDetailedResponseSpec,
  getPersonsRequestSpec,
  getPersonsResponseSpec,
  type PersonItem,
  type PersonSearchParameters,
} from './schema/person.ts';
import type { SoapCaller } from './transport.ts';

export type { PersonItem, PersonSearchParameters } from './schema/person.ts';

/**
 * CRM contacts (persons) matching the search; employees with `isEmployee: 'True'`.
 * @example const employees = await getPersons(session, { isEmployee: 'True' });
 */
export async function getPersons(
  caller: SoapCaller,
  personSearch: PersonSearchParameters,
): Promise<PersonItem[]> {
  const element = await caller.call(
    'person',
    'GetPersons',
    writeFields(getPersonsRequestSpec, { personSearch }),
  );
  return readObject<GetPersonsResponse>(getPersonsResponseSpec, element).getPersonsResult ?? [];
}

/**
 * Like getPersons with every detail (relations, notes fields); 24SO recommends getPersons
 * when it is enough.
 * @example const [person] = await getPersonsDetailed(session, { id: 501, getRelationData: true });
 */
export async function getPersonsDetailed(
  caller: SoapCaller,
  personSearch: PersonSearchParameters,
): Promise<PersonItem[]> {
  const element = await caller.call(
    'person',
    'GetPersonsDetailed',
    writeFields(getPersonsDetailedRequestSpec, { personSearch }),
  );
  return (
    readObject<GetPersonsDetailedResponse>(getPersonsDetailedResponseSpec, element)
      .getPersonsDetailedResult ?? []
  );
}
