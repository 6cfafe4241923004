import { z } from 'zod';

// Query-string fields the workspace's list filters share (the API and the web pages read them).

/** A boolean in a query string: "true" or "false". */
export const queryBoolean = (description: string) =>
  z.enum(['true', 'false']).optional().describe(description);

/** Turns a query-string boolean into a boolean filter value. */
export const fromQueryBoolean = (value: 'true' | 'false' | undefined): boolean | undefined =>
  value === undefined ? undefined : value === 'true';

/** Sort direction for date-ordered lists (hours, transport). */
export const sortOrderSchema = z
  .enum(['asc', 'desc'])
  .optional()
  .describe('Sortering på dato: asc (eldste først) eller desc');
