import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { z } from 'zod';
import { fromDbBool } from '../db/database.ts';
import type { Database } from '../db/tables.ts';
import { invoiceStateOf, invoiceStateShape } from './invoice-lock.ts';
import { queryBoolean, sortOrderSchema } from './list-query.ts';
import type { HourEntryRow } from './tables.ts';
import {
  dateString,
  formatHours,
  hoursInput,
  hoursOutput,
  idString,
  multilineText,
  timeString,
  timestampOutput,
} from './values.ts';

// The shapes of an hour entry (timeregistrering): what a create or update accepts, what the API
// and the pages show, the list filter, and the row → domain mapping. hours.ts stores them.

/** Longest description of an hour, in characters (after trimming). */
export const HOUR_DESCRIPTION_MAX = 1000;

export const hourEntryCreateSchema = z
  .object({
    employeeId: idString('Arbeiderens id'),
    projectId: idString('Prosjektets id'),
    hourTypeId: idString('Timetypens id'),
    machineId: idString('Maskinens id (maskintimer)').nullable().optional(),
    date: dateString('Dato'),
    hours: hoursInput().optional(),
    minutes: z.number().int().min(0).optional().describe('Varighet i hele minutter (alternativ til hours)'),
    startTime: timeString('Starttid, TT:MM').nullable().optional(),
    endTime: timeString('Sluttid, TT:MM (samme dag)').nullable().optional(),
    description: multilineText(HOUR_DESCRIPTION_MAX, 'Beskrivelse av arbeidet').optional(),
    billable: z.boolean().optional().describe('Fakturerbar; standard fra timetypen'),
  })
  .meta({
    title: 'HourEntryCreate',
    description:
      'Ny timeregistrering. Oppgi varighet som hours, minutes eller startTime + endTime (høyst 24 timer).',
  });

export const hourEntryUpdateSchema = hourEntryCreateSchema.partial().meta({
  title: 'HourEntryUpdate',
  description: 'Endring av timeregistrering; godkjente timer kan ikke endres',
});

export const hourEntrySchema = z
  .object({
    id: idString('Id'),
    employeeId: z.string().describe('Arbeiderens id'),
    projectId: z.string().describe('Prosjektets id'),
    hourTypeId: z.string().describe('Timetypens id'),
    machineId: z.string().nullable().describe('Maskinens id'),
    date: z.string().describe('Dato, ÅÅÅÅ-MM-DD'),
    startTime: z.string().nullable().describe('Starttid, TT:MM'),
    endTime: z.string().nullable().describe('Sluttid, TT:MM'),
    minutes: z.number().int().describe('Varighet i hele minutter (eksakt)'),
    hours: hoursOutput('Varighet i timer (avrundet til to desimaler når minuttene ikke går opp)'),
    description: z.string().describe('Beskrivelse'),
    billable: z.boolean().describe('Fakturerbar'),
    approved: z.boolean().describe('Godkjent'),
    approvedBy: z.string().nullable().describe('Godkjent av'),
    approvedAt: timestampOutput('Godkjent tidspunkt').nullable(),
    ...invoiceStateShape('timen'),
    createdAt: timestampOutput('Opprettet'),
    updatedAt: timestampOutput('Sist endret'),
  })
  .meta({ title: 'HourEntry', description: 'En timeregistrering' });

export type HourEntryCreate = z.input<typeof hourEntryCreateSchema>;
export type HourEntryUpdate = z.input<typeof hourEntryUpdateSchema>;
export type HourEntry = z.infer<typeof hourEntrySchema>;

export interface HourEntryFilter {
  projectId?: string;
  employeeId?: string;
  hourTypeId?: string;
  machineId?: string;
  /** First date included, YYYY-MM-DD. */
  from?: string;
  /** Last date included, YYYY-MM-DD. */
  to?: string;
  approved?: boolean;
  billable?: boolean;
  /** Date order; default 'asc'. */
  order?: 'asc' | 'desc';
  /** An extra condition from another module (e.g. the 24SO transfer state of the hour). */
  where?: (eb: ExpressionBuilder<Database, 'hour_entries'>) => Expression<SqlBool>;
}

/** Query string for GET /hours. */
export const hourEntryListQuerySchema = z.object({
  projectId: z.string().max(64).optional().describe('Bare for dette prosjektet'),
  employeeId: z.string().max(64).optional().describe('Bare for denne arbeideren'),
  hourTypeId: z.string().max(64).optional().describe('Bare av denne timetypen'),
  machineId: z.string().max(64).optional().describe('Bare på denne maskinen'),
  from: dateString('Fra og med dato').optional(),
  to: dateString('Til og med dato').optional(),
  approved: queryBoolean('Bare godkjente (true) eller ikke godkjente (false)'),
  billable: queryBoolean('Bare fakturerbare (true) eller ikke (false)'),
  order: sortOrderSchema,
});

/**
 * Row → domain shape; shared with hour-approval.ts, the other repository over this table.
 * @example const hour = hourEntryFromRow(row);
 */
export function hourEntryFromRow(row: HourEntryRow): HourEntry {
  const minutes = Number(row.minutes);
  return {
    id: row.id,
    employeeId: row.employee_id,
    projectId: row.project_id,
    hourTypeId: row.hour_type_id,
    machineId: row.machine_id,
    date: row.date,
    startTime: row.start_time,
    endTime: row.end_time,
    minutes,
    hours: formatHours(minutes),
    description: row.description,
    billable: fromDbBool(row.billable),
    approved: fromDbBool(row.approved),
    approvedBy: row.approved_by,
    approvedAt: row.approved_at,
    ...invoiceStateOf(row),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
