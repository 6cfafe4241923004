import { asArray, type ObjectSpec, readObject } from './codec.ts';
import { ResponseFormatError } from './errors.ts';

// Batch saves (SaveCompanies, SaveProducts, SaveInvoices) answer 200 with one echoed item per
// submitted item; a failed item carries an APIException. Each item becomes its own outcome, in
// the order sent, so one bad record never hides the others and none is silently dropped.

export interface ApiException {
  type?: string;
  message?: string;
  stackTrace?: string;
}

export type ItemResult<T> =
  | { index: number; ok: true; id: number; item: T }
  | { index: number; ok: false; error: ApiException; item: T };

/**
 * Reads the items of a batch result, index-aligned with what was sent (a nil item stays in
 * place as an empty object).
 */
export function readBatchItems<T>(
  spec: ObjectSpec,
  response: Record<string, unknown>,
  resultElement: string,
  itemElement: string,
): T[] {
  const wrapper = asArray(response[resultElement])[0];
  const raw =
    typeof wrapper === 'object' && wrapper !== null
      ? asArray((wrapper as Record<string, unknown>)[itemElement])
      : [];
  return raw.map((node, i) => readObject<T>(spec, node, `${spec.name}[${i}]`));
}

/**
 * Turns echoed items into per-item outcomes. A count mismatch is a broken answer (thrown);
 * an item without APIException and without an id is reported as failed, never as success.
 * @example toItemResults(items, companies.length, (c) => c.id)
 */
export function toItemResults<T extends { apiException?: ApiException }>(
  items: T[],
  sentCount: number,
  idOf: (item: T) => number | undefined,
): ItemResult<T>[] {
  if (items.length !== sentCount) {
    throw new ResponseFormatError(`sendte ${sentCount} poster, fikk svar for ${items.length}`);
  }
  return items.map((item, index) => {
    if (item.apiException) return { index, ok: false, error: item.apiException, item };
    const id = idOf(item);
    if (id === undefined) {
      return {
        index,
        ok: false,
        error: { type: 'MissingId', message: '24SevenOffice returnerte ingen id for posten.' },
        item,
      };
    }
    return { index, ok: true, id, item };
  });
}
