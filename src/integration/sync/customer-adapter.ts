import { type Company, getCompanySyncList, saveCompanies } from '../../twentyfour/index.ts';
import type { ExportAdapter, LocalItem } from './adapter.ts';
import { norwegianReason } from './reasons.ts';

// Customers → 24SO Company. The duplicate key is ExternalId = the workspace customer id: it is
// written on create and read back through the company sync list after an unknown outcome.

/** Company types 24SO expects: a company with an org. number or a company-form suffix is Business. */
const COMPANY_FORM = /\b(AS|ASA|ANS|DA|SA|BA|ENK|NUF|KS|SE|IKS|KF|HF|STI|BL)$/i;

export interface CustomerPayload extends Company {}

/** Recovery reads companies registered this long before the earliest open intent. */
export const RECOVERY_MARGIN_MS = 5 * 60_000;

export const customerAdapter: ExportAdapter<CustomerPayload> = {
  entity: 'customer',
  // No documented maximum (API-NOTES §4); 250 keeps one answer well under the size cap.
  batchSize: batchSizeFromEnv(250),

  async loadLocal(ctx, only) {
    let q = ctx.db.selectFrom('customers').selectAll().where('workspace_id', '=', ctx.workspaceId);
    if (only) q = q.where('id', 'in', only.size ? [...only] : ['']);
    const rows = await q.orderBy('number').execute();
    return rows.map((row): LocalItem<CustomerPayload> => {
      const gone = row.deleted_at !== null || row.active === 0;
      const label = `${row.number} ${row.name}`;
      if (gone) {
        return {
          localId: row.id,
          label,
          gone,
          deleted: row.deleted_at !== null,
          payload: {
            ok: false,
            reasonCode: 'inactive_not_in_api',
            reason:
              '24SevenOffice sitt API har ikke noe felt for å sette en kunde inaktiv; kunden er ikke slettet der. Sett den inaktiv i 24SevenOffice.',
          },
        };
      }
      const business = row.org_number !== null || COMPANY_FORM.test(row.name.trim());
      const [firstName, lastName] = business ? [undefined, row.name] : splitName(row.name);
      const payload: CustomerPayload = {
        externalId: row.id,
        organizationNumber: row.org_number ?? undefined,
        name: lastName,
        firstName,
        type: business ? 'Business' : 'Consumer',
        country: row.address_country,
        paymentTime: row.payment_terms_days ?? ctx.settings.customers.paymentTermsDays,
        emailAddresses: {
          primary: row.email ? { value: row.email } : undefined,
          invoice: row.invoice_email ? { value: row.invoice_email } : undefined,
        },
        phoneNumbers: row.phone ? { primary: { value: row.phone } } : undefined,
        addresses: {
          post: {
            street: row.address_street ?? undefined,
            postalCode: row.address_postal_code ?? undefined,
            postalArea: row.address_city ?? undefined,
            city: row.address_city ?? undefined,
            country: row.address_country,
          },
          delivery:
            row.delivery_street || row.delivery_postal_code || row.delivery_city
              ? {
                  street: row.delivery_street ?? undefined,
                  postalCode: row.delivery_postal_code ?? undefined,
                  postalArea: row.delivery_city ?? undefined,
                  city: row.delivery_city ?? undefined,
                  country: row.delivery_country ?? row.address_country,
                }
              : undefined,
        },
      };
      return { localId: row.id, label, gone, deleted: false, payload: { ok: true, value: payload } };
    });
  },

  fingerprint: (payload, deactivate) => JSON.stringify([payload, deactivate]),

  async save(ctx, items) {
    const companies = items.map((i) => ({ ...i.payload, id: i.remoteId ? Number(i.remoteId) : undefined }));
    const results = await saveCompanies(ctx.soap, companies);
    return results.map((r, index) => {
      const localId = items[index]?.localId ?? '';
      return r.ok
        ? { localId, ok: true as const, remoteId: String(r.id) }
        : { localId, ok: false as const, reason: norwegianReason(r.error.message), reasonCode: 'rejected' };
    });
  },

  async recover(ctx, open) {
    const found = new Map<string, string>();
    if (open.length === 0) return found;
    const wanted = new Set(open.map((o) => o.localId));
    const earliest = Math.min(...open.map((o) => Date.parse(o.intentAt)));
    const registeredAfter = new Date(earliest - RECOVERY_MARGIN_MS);
    for (let page = 1; ; page++) {
      const result = await getCompanySyncList(ctx.soap, { page, registeredAfter });
      for (const item of result.items ?? []) {
        if (item.externalId && wanted.has(item.externalId) && item.companyId !== undefined) {
          // The lowest id wins should 24SO ever hold two (it cannot through this engine).
          if (!found.has(item.externalId)) found.set(item.externalId, String(item.companyId));
        }
      }
      if (page >= Number(result.totalPages ?? 0)) break;
    }
    return found;
  },
};

/** A consumer's name as 24SO wants it: first name(s) apart from the last name. */
function splitName(name: string): [string | undefined, string] {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2) return [undefined, name.trim()];
  return [parts.slice(0, -1).join(' '), parts[parts.length - 1] ?? ''];
}

/** Items per batch save; BROEN_SYNC_BATCH_SIZE overrides (tests use small batches for many writes). */
export function batchSizeFromEnv(fallback: number): number {
  const n = Number(process.env.BROEN_SYNC_BATCH_SIZE);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 1000) : fallback;
}
