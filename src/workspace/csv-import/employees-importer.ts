import { toDbBool } from '../../db/database.ts';
import { type EmployeeCreate, employeeCreateSchema } from '../employees.ts';
import { parseEmail } from '../values.ts';
import { csvBoolean, csvOptional, csvWholeNumber } from './csv-values.ts';
import { addNewProblems, type EntityImporter, type FieldProblem } from './importer.ts';
import { existingNumbers, type NumberIndex, numberTakenMessage } from './lookups.ts';
import { checkWithSchema } from './schema-check.ts';

// Employees (arbeidere), checked with employeeCreateSchema; the number is required in a file.

interface Context {
  numbers: NumberIndex;
}

export const employeesImporter: EntityImporter<Context> = {
  table: 'employees',
  async load(db, workspaceId) {
    return { numbers: await existingNumbers(db, 'employees', workspaceId) };
  },
  key: {
    field: 'number',
    label: 'Ansattnummer',
    existing: (context, key) => numberTakenMessage('Ansattnummer', key, context.numbers.get(key)),
  },
  prepare(fields, _context, env) {
    const problems: FieldProblem[] = [];
    const number = csvWholeNumber(fields.number, 'Ansattnummeret');
    if (!number.ok) problems.push({ field: 'number', message: number.message });
    const active = csvBoolean(fields.active, true);
    if (!active.ok) problems.push({ field: 'active', message: active.message });
    let contactId: number | undefined;
    if (fields.twentyfourContactId !== '') {
      const id = csvWholeNumber(fields.twentyfourContactId, 'Kontakt-id');
      if (id.ok) contactId = id.value;
      else problems.push({ field: 'twentyfourContactId', message: id.message });
    }
    const input: EmployeeCreate = {
      number: number.ok ? number.value : 1,
      name: fields.name,
      email: csvOptional(fields.email),
      phone: csvOptional(fields.phone),
      twentyfourContactId: contactId,
      active: active.ok ? active.value : true,
    };
    const checked = checkWithSchema(employeeCreateSchema, input);
    if (!checked.ok) addNewProblems(problems, checked.errors);
    if (problems.length > 0 || !checked.ok || !number.ok)
      return { ok: false, errors: problems, key: number.ok ? String(number.value) : undefined };

    const v = checked.value;
    const parsedEmail = v.email ? parseEmail(v.email) : undefined;
    const email = parsedEmail?.ok ? parsedEmail.value : null;
    const row = {
      id: env.newId(),
      workspace_id: env.workspaceId,
      number: number.value,
      name: v.name.trim(),
      email,
      phone: v.phone?.trim() || null,
      twentyfour_contact_id: v.twentyfourContactId ?? null,
      active: toDbBool(v.active ?? true),
      created_at: env.now,
      updated_at: env.now,
      deleted_at: null,
    };
    return {
      ok: true,
      key: String(number.value),
      row,
      sample: {
        number: row.number,
        name: row.name,
        email: row.email,
        phone: row.phone,
        twentyfourContactId: row.twentyfour_contact_id,
        active: v.active ?? true,
      },
    };
  },
};
