import { z } from 'zod';
import { HttpError } from '../errors.ts';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

/** `?limit=&cursor=` of every list; merged into each resource's filter schema. */
export const pageQueryShape = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_LIMIT)
    .default(DEFAULT_LIMIT)
    .meta({ description: `Antall rader per side (1–${MAX_LIMIT}).` }),
  cursor: z
    .string()
    .min(1)
    .max(1000)
    .optional()
    .meta({ description: 'nextCursor fra forrige side; utelatt for første side.' }),
};

export const pageQuerySchema = z.object(pageQueryShape);
export type PageQuery = z.output<typeof pageQuerySchema>;

/**
 * The list response `{ items, nextCursor }`; nextCursor is null on the last page.
 * @example const customerPage = pageSchema(customerSchema);
 */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Send som ?cursor= for neste side; null på siste side.' }),
  });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * An opaque cursor from the sort key of the last row returned (keyset paging, so pages stay
 * stable while rows are added).
 * @example encodeCursor(['2025-03-01', 'b1c…']) // 'WyIyMDI1LTAzLTAxIiwiYjFj4oCmIl0'
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * Reads a cursor made by encodeCursor; a tampered or foreign one is a 400 on `cursor`.
 * @example const [date, id] = decodeCursor(cursor, 2);
 */
export function decodeCursor(cursor: string, length: number): (string | number)[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length === length &&
      key.every((v) => typeof v === 'string' || typeof v === 'number')
    ) {
      return key;
    }
  } catch {
    // fall through to the 400 below
  }
  throw new HttpError(400, 'Ugyldig markør for neste side.', [
    { path: 'cursor', message: 'Ugyldig markør; bruk nextCursor fra forrige svar' },
  ]);
}
