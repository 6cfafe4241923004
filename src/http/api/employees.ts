import { z } from 'zod';
import { checkWorkerContact } from '../../integration/reconciliation/contacts.ts';
import { employeesCsv } from '../../workspace/csv-export.ts';
import {
  createEmployee,
  employeeCreateSchema,
  employeeInputProblems,
  employeeListQuerySchema,
  employeeSchema,
  employeeUpdateSchema,
  getEmployee,
  listEmployees,
  softDeleteEmployee,
  updateEmployee,
} from '../../workspace/employees.ts';
import { fromQueryBoolean } from '../../workspace/list-query.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { crudOperations } from './crud.ts';

const contactCheckSchema = z
  .object({
    state: z.enum(['checked', 'unchecked']).meta({
      description:
        'checked: kontakten er en ansatt i den tilkoblede 24SevenOffice-klienten; unchecked: ikke tilkoblet, lagret uten kontroll.',
    }),
    name: z
      .string()
      .nullable()
      .meta({ description: 'Kontaktens navn (og e-post) i 24SevenOffice når den er kontrollert.' }),
    message: z.string().nullable(),
  })
  .optional()
  .meta({
    description: 'Bare i svaret på en skriving med twentyfourContactId: kontrollen mot 24SevenOffice.',
  });

/**
 * A contact id in the body is checked against the connected 24SO client (the same rule as
 * Admin. arbeidere and contact-links); without a connection it is saved and said to be unchecked.
 * The check reads through the runtime bound to the request's database handle, which is the
 * transaction of an idempotent POST.
 */
async function checkContactOfBody(
  deps: AppDeps,
  workspaceId: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const contactId = body.twentyfourContactId;
  if (typeof contactId !== 'number') return {};
  const runtime = { ...deps.integration, db: deps.db };
  const check = await checkWorkerContact(runtime, workspaceId, contactId);
  if (check.state === 'checked')
    return { twentyfourContactCheck: { state: 'checked', name: check.name, message: null } };
  if (check.state === 'unchecked')
    return { twentyfourContactCheck: { state: 'unchecked', name: null, message: check.message } };
  const problem = [{ path: 'twentyfourContactId', message: check.message }];
  if (check.state === 'refused') throw new HttpError(422, check.message, problem);
  throw new HttpError(
    check.connection === 'unreachable' ? 503 : 422,
    `Kontakt-id-en kunne ikke kontrolleres mot 24SevenOffice: ${check.message}`,
    problem,
  );
}

/** /employees — arbeidere (ansatte). */
export const employeeOperations = crudOperations({
  csv: (_db, _ws, items) => employeesCsv(items),
  inputProblems: employeeInputProblems,
  name: 'Employee',
  path: '/employees',
  tag: 'Arbeidere',
  words: { one: 'en arbeider', all: 'arbeidere' },
  notFound: 'Arbeideren finnes ikke.',
  schema: employeeSchema,
  createSchema: employeeCreateSchema,
  updateSchema: employeeUpdateSchema,
  listQuery: employeeListQuerySchema,
  deleteConflict: true,
  checkWrite: {
    answerShape: { twentyfourContactCheck: contactCheckSchema },
    errors: [
      {
        status: 422,
        description:
          'Kontakt-id-en er ikke en ansatt i den tilkoblede 24SevenOffice-klienten, eller tilkoblingen må rettes før den kan kontrolleres.',
      },
      { status: 503, description: '24SevenOffice svarer ikke, så kontakt-id-en kunne ikke kontrolleres.' },
    ],
    run: checkContactOfBody,
  },
  writeErrors: [409],
  create: createEmployee,
  get: getEmployee,
  update: updateEmployee,
  softDelete: softDeleteEmployee,
  list: (db, workspaceId, q) =>
    listEmployees(
      db,
      workspaceId,
      { search: q.search, active: fromQueryBoolean(q.active), linked: fromQueryBoolean(q.linked) },
      q,
    ),
});
