import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { type HourEntry, hourEntrySchema } from '../../workspace/hour-schemas.ts';
import { HOUR_TRANSFER_STATES, type HourTransfer, hourTransfers, ruleSettings } from './facts.ts';
import { HOUR_RULES } from './rules.ts';

// The `twentyfour` block on hours in the REST API, and the hour schema carrying it.

export const hourTransferSchema = z
  .object({
    state: z
      .enum(HOUR_TRANSFER_STATES as [string, ...string[]])
      .describe(
        'sent: i 24SevenOffice; waiting: holdes igjen av reglene (se reasons); ready: sendes ved neste synkronisering; failed: avvist av 24SevenOffice (se message); changed_after_transfer: endret etter overføring',
      ),
    hourId: z.string().nullable().describe('Timens id i 24SevenOffice, når den er overført'),
    reasons: z
      .array(
        z.object({
          rule: z.enum(HOUR_RULES).describe('Regelen som holder timen igjen'),
          message: z.string().describe('Hvorfor, på norsk'),
          fixUrl: z.string().describe('Siden i Broen der det rettes'),
        }),
      )
      .describe('Alle reglene som holder timen igjen (tom når den ikke venter)'),
    message: z
      .string()
      .nullable()
      .describe('Avvisningen fra 24SevenOffice, eller hva som ble endret etter overføring'),
    syncedAt: z
      .string()
      .nullable()
      .describe('Sist overført (ISO 8601, UTC), som syncedAt på kunder, prosjekter og varer'),
    sentAt: z.string().nullable().describe('Det samme som syncedAt (navnet fra før syncedAt kom med)'),
  })
  .meta({ title: 'HourTransfer', description: 'Timens tilstand mot 24SevenOffice' });

export const hourWithTransferSchema = hourEntrySchema
  .extend({ twentyfour: hourTransferSchema })
  .meta({ title: 'HourEntry', description: 'En timeregistrering med tilstanden mot 24SevenOffice' });

export type HourWithTransfer = z.infer<typeof hourWithTransferSchema>;
type ApiTransfer = HourWithTransfer['twentyfour'];

// `syncedAt` is the name customers, projects and products use (and the contract names for
// every record); `sentAt` was the hours' own name before and stays for the clients that read it.
function apiTransfer(t: HourTransfer | undefined): ApiTransfer {
  if (!t) return { state: 'waiting', hourId: null, reasons: [], message: null, syncedAt: null, sentAt: null };
  return {
    state: t.state,
    hourId: t.hourId,
    reasons: t.reasons.map((r) => ({ rule: r.rule, message: r.message, fixUrl: r.fixUrl })),
    message: t.message,
    syncedAt: t.sentAt,
    sentAt: t.sentAt,
  };
}

/**
 * Adds each hour's 24SO state (one query for all of them).
 * @example const items = await withTransfers(db, wsId, page.items);
 */
export async function withTransfers(
  db: Db,
  workspaceId: string,
  hours: HourEntry[],
): Promise<HourWithTransfer[]> {
  if (hours.length === 0) return [];
  const states = await hourTransfers(
    db,
    workspaceId,
    hours.map((h) => h.id),
    await ruleSettings(db, workspaceId),
  );
  return hours.map((h) => ({ ...h, twentyfour: apiTransfer(states.get(h.id)) }));
}
