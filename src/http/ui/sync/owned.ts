import { getSettings } from '../../../integration/settings.ts';
import { getRecord } from '../../../integration/sync/records.ts';
import type { SyncEntity } from '../../../integration/sync/tables.ts';
import type { FieldSpec } from '../components/form.tsx';
import type { SessionUser, UiDeps } from '../context.ts';

// A record imported from 24SO, while its kind is imported, has fields 24SO owns: the next import
// would overwrite a local edit of them. The edit page shows those fields locked with a note that
// says where to change them, and a save leaves them as they are. The same fields as the REST
// API's 409 (src/http/api/customers.ts, projects.ts, products.ts: `ownedFields`).

const OWNED: Partial<
  Record<SyncEntity, { section: 'customers' | 'projects' | 'products'; fields: string[]; message: string }>
> = {
  customer: {
    section: 'customers',
    fields: [
      'name',
      'orgNumber',
      'email',
      'invoiceEmail',
      'phone',
      'address',
      'deliveryAddress',
      'paymentTermsDays',
      'active',
      'number',
    ],
    message: 'Kunden er hentet fra 24SevenOffice, som eier de låste feltene; endre dem i 24SevenOffice.',
  },
  project: {
    section: 'projects',
    fields: ['name', 'number', 'customerId', 'status', 'startDate', 'endDate'],
    message: 'Prosjektet er hentet fra 24SevenOffice, som eier de låste feltene; endre dem i 24SevenOffice.',
  },
  product: {
    section: 'products',
    fields: ['name', 'number', 'salesPrice', 'costPrice', 'stock', 'active'],
    message: 'Varen er hentet fra 24SevenOffice, som eier de låste feltene; endre dem i 24SevenOffice.',
  },
};

export interface OwnedFields {
  /** Top-level field names 24SO owns ("address" covers "address.city"). */
  fields: string[];
  message: string;
}

/**
 * The fields 24SO owns on this record, or null when the workspace owns them all (not imported,
 * or its kind is exported now).
 * @example const owned = await ownedByTwentyFour(deps, session, 'customer', id);
 */
export async function ownedByTwentyFour(
  deps: UiDeps,
  session: SessionUser,
  entity: SyncEntity | undefined,
  localId: string,
): Promise<OwnedFields | null> {
  const rule = entity ? OWNED[entity] : undefined;
  if (!entity || !rule) return null;
  const record = await getRecord(deps.db, session.workspaceId, entity, localId);
  if (record?.origin !== 'import' || !record.remoteId) return null;
  const { settings } = await getSettings(deps.db, session.workspaceId);
  if (settings[rule.section].direction !== 'import') return null;
  return { fields: rule.fields, message: rule.message };
}

const isOwned = (owned: OwnedFields, name: string) =>
  owned.fields.some((f) => name === f || name.startsWith(`${f}.`));

/**
 * The form's fields with 24SO's shown locked (disabled, so the browser does not send them).
 * @example fields = lockOwnedFields(fields, owned);
 */
export function lockOwnedFields(fields: FieldSpec[], owned: OwnedFields | null): FieldSpec[] {
  if (!owned) return fields;
  return fields.map((f) =>
    isOwned(owned, f.name) ? { ...f, disabled: true, hint: 'Endres i 24SevenOffice.' } : f,
  );
}

/**
 * The fields a save may change: 24SO's are left out, so they keep their value.
 * @example const read = readForm(editableFields(spec.fields, owned), body, 'update');
 */
export function editableFields(fields: FieldSpec[], owned: OwnedFields | null): FieldSpec[] {
  return owned ? fields.filter((f) => !isOwned(owned, f.name)) : fields;
}
