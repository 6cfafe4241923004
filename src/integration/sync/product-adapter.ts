import { getCategories, getProducts, type Product, saveProducts } from '../../twentyfour/index.ts';
import type { ExportAdapter, LocalItem } from './adapter.ts';
import { batchSizeFromEnv, RECOVERY_MARGIN_MS } from './customer-adapter.ts';
import { norwegianReason } from './reasons.ts';

// Products → 24SO Product. Product has no ExternalId: the duplicate key is `No`, the product
// number, unique per workspace; after an unknown outcome the products changed since the intent
// are read (one GetProducts with DateChanged) and matched on `No`. 24SO has no unit field.

export interface ProductPayload extends Product {}

/** øre / hundredths as a decimal string, e.g. 18900 → '189.00'. */
export function hundredths(value: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export const productAdapter: ExportAdapter<ProductPayload> = {
  entity: 'product',
  batchSize: batchSizeFromEnv(250),

  async loadLocal(ctx, only) {
    let q = ctx.db.selectFrom('products').selectAll().where('workspace_id', '=', ctx.workspaceId);
    if (only) q = q.where('id', 'in', only.size ? [...only] : ['']);
    const rows = await q.orderBy('number').execute();
    return rows.map((row): LocalItem<ProductPayload> => {
      const gone = row.deleted_at !== null || row.active === 0;
      return {
        localId: row.id,
        label: `${row.number} ${row.name}`,
        gone,
        deleted: row.deleted_at !== null,
        payload: {
          ok: true,
          value: {
            no: row.number,
            name: row.name,
            price: hundredths(Number(row.sales_price_ore)),
            inPrice: hundredths(Number(row.cost_price_ore)),
            cost: hundredths(Number(row.cost_price_ore)),
            stock: hundredths(Number(row.stock_hundredths)),
            // 1 = active, 0 = expired: deactivated or deleted products are set expired, never deleted.
            statusId: gone ? 0 : 1,
          },
        },
      };
    });
  },

  fingerprint: (payload, deactivate) => JSON.stringify([payload, deactivate]),

  async save(ctx, items) {
    const needsCategory = items.some((i) => !i.remoteId);
    const categoryId = needsCategory ? await defaultCategory(ctx) : undefined;
    const products = items.map((i) =>
      i.remoteId ? { ...i.payload, id: Number(i.remoteId) } : { ...i.payload, categoryId },
    );
    const results = await saveProducts(ctx.soap, products);
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
    const byNo = new Map<string, string>();
    for (const o of open) if (o.payload?.no) byNo.set(o.payload.no, o.localId);
    const earliest = Math.min(...open.map((o) => Date.parse(o.intentAt)));
    const changed = await getProducts(ctx.soap, { dateChanged: new Date(earliest - RECOVERY_MARGIN_MS) }, [
      'Id',
      'No',
    ]);
    for (const p of changed) {
      const localId = p.no === undefined ? undefined : byNo.get(p.no);
      if (localId && p.id !== undefined && !found.has(localId)) found.set(localId, String(p.id));
    }
    return found;
  },
};

/** New products go in the client's first category (every 24SO product needs one); read once per run. */
async function defaultCategory(
  ctx: Parameters<ExportAdapter<ProductPayload>['save']>[0],
): Promise<number | undefined> {
  const key = 'product.defaultCategory';
  if (!ctx.memo.has(key)) {
    const categories = await getCategories(ctx.soap, ['Id', 'Name']);
    const ids = categories.map((c) => c.id).filter((id): id is number => id !== undefined);
    ctx.memo.set(key, ids.length ? Math.min(...ids) : undefined);
  }
  return ctx.memo.get(key) as number | undefined;
}
