import type { Db } from '../db/database.ts';
import { readLookup } from '../integration/lookups.ts';
import type { ConnectionDeps } from '../integration/session-calls.ts';
import { getSettings } from '../integration/settings.ts';
import type { Attachment } from './attachment-schemas.ts';
import { projectWithCustomer } from './basis.ts';
import type { LinkLookup } from './links.ts';
import { computePreview, type OrderPreview } from './preview.ts';

// The order preview's inputs gathered: the settings, the customer's and project's links to
// 24SO, 24SO's product and dimension lists (cached reads) and our reference.

export interface PreviewDeps {
  db: Db;
  connection: ConnectionDeps;
  links: LinkLookup;
  clock: () => Date;
}

/**
 * Gathers settings, links and 24SO's lists for an attachment and computes its preview.
 * @example const preview = await loadPreview({ db, connection, links, clock }, ws.id, attachment);
 */
export async function loadPreview(
  deps: PreviewDeps,
  workspaceId: string,
  a: Attachment,
): Promise<OrderPreview> {
  const { project, customer } = await projectWithCustomer(deps.db, workspaceId, a.row.project_id);
  const customerRow =
    customer ??
    (await deps.db
      .selectFrom('customers')
      .selectAll()
      .where('id', '=', a.row.customer_id ?? '')
      .executeTakeFirstOrThrow());
  const { settings } = await getSettings(deps.db, workspaceId);
  const products = await readLookup(deps.connection, workspaceId, 'products');
  const needsDimensions = a.lines.some(
    (l) => l.machineNumber && settings.invoicing.dimensionByMachine[l.machineNumber] !== undefined,
  );
  const dimensions = needsDimensions
    ? await readLookup(deps.connection, workspaceId, 'dimensions')
    : undefined;
  let ourReference: number | undefined;
  let ourReferenceName: string | undefined;
  if (project.project_manager_id) {
    const manager = await deps.db
      .selectFrom('employees')
      .select(['twentyfour_contact_id', 'name'])
      .where('id', '=', project.project_manager_id)
      .executeTakeFirst();
    if (manager?.twentyfour_contact_id) {
      const contacts = await readLookup(deps.connection, workspaceId, 'contacts');
      const contact = contacts.ok
        ? contacts.items.find((c) => c.id === String(manager.twentyfour_contact_id))
        : undefined;
      if (contact?.employeeId) {
        ourReference = Number(contact.employeeId);
        ourReferenceName = manager.name;
      }
    }
  }
  return computePreview({
    attachment: a,
    project,
    customer: customerRow,
    settings,
    customerId24: await deps.links(deps.db, workspaceId, 'customer', customerRow.id),
    projectId24: await deps.links(deps.db, workspaceId, 'project', project.id),
    products,
    dimensions,
    ourReference,
    ourReferenceName,
    today: deps.clock().toISOString().slice(0, 10),
  });
}
