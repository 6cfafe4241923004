import { z } from 'zod';

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
