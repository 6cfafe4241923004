import { z } from 'zod';
import { IMPORT_ENTITIES } from '../../workspace/csv-import/columns.ts';
import { commitCsvImport, previewCsvImport } from '../../workspace/csv-import/import.ts';
import type { ImportPreview, ImportRowError } from '../../workspace/csv-import/validate-rows.ts';
import { type FieldError, HttpError } from '../errors.ts';
import { apiActor } from './api-env.ts';
import { type ApiOperation, defineOperation, fileBody } from './operations.ts';

// POST /api/v1/imports/{customers|employees|projects|hours|material-lines|free-text-lines} with
// the CSV file as the body.
// `?dryRun=true` validates only: 200 with counts and a sample of the rows as they would be
// stored. Without it the file is imported all or nothing: 201 `{ imported }`. A file with any
// problem answers 422 problem+json with one error per cell, `path` = `rows.<line>.<column>`
// (the line as a text editor or spreadsheet numbers it, header = 1; `rows.<line>` when the whole
// row or file is at fault), in both modes, so a dry run predicts the real answer exactly.

const csvFile = fileBody({
  mediaTypes: [
    'text/csv',
    'text/plain',
    'application/csv',
    'application/vnd.ms-excel',
    'application/octet-stream',
  ],
  what: 'CSV-filen',
  description:
    'CSV-filen: UTF-8, med eller uten BOM; `;` eller `,` som skilletegn; første linje er kolonnenavn.',
});

const sampleValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/**
 * The CSV import, one operation for every entity; its idempotent answer is stored in the
 * transaction that writes the rows, so a crash leaves both or neither and a retry can never
 * import the file a second time.
 */
export const importOperations: ApiOperation[] = [
  defineOperation({
    method: 'post',
    path: '/imports/:entity',
    operationId: 'importCsv',
    summary: 'Importer kunder, arbeidere, prosjekter eller timer fra CSV (alt eller ingenting)',
    description:
      'Send CSV-filen som innhold med `Content-Type: text/csv` (UTF-8, med eller uten BOM; `;` eller `,` ' +
      'som skilletegn, avgjort av overskriftslinjen; desimalkomma godtas). Første linje er kolonnenavn på ' +
      'norsk eller engelsk, f.eks. for timer `ansattnummer;prosjektnummer;timetype;maskin;dato;timer;start;' +
      'slutt;beskrivelse;fakturerbar;godkjent`. Med `?dryRun=true` kontrolleres filen uten å lagre noe. ' +
      'En fil med feil gir 422 med én feil per celle: `path` er `rows.<linje>.<kolonne>` (overskriften er ' +
      'linje 1), og ingenting lagres. Forhåndsvisningen sier fra (`previousImport`) når en identisk fil er ' +
      'importert før. Med `Idempotency-Key` importeres filen nøyaktig én gang, også om svaret går tapt.',
    tag: 'Import',
    params: z.object({
      entity: z
        .enum(IMPORT_ENTITIES, {
          error: (issue) => `Ukjent importtype «${String(issue.input)}». Bruk ${IMPORT_ENTITIES.join(', ')}.`,
        })
        .describe('Hva filen inneholder'),
    }),
    invalidParamsStatus: 404,
    query: z.object({
      dryRun: z
        .enum(['true', 'false'], { error: 'Bruk true eller false.' })
        .optional()
        .describe('true: bare forhåndsvis, lagre ingenting'),
    }),
    fileBody: csvFile,
    idempotentAnswer: 'handler',
    schemaNames: { response: 'CsvImportResult' },
    responses: {
      200: {
        description: 'Forhåndsvisning (dryRun=true): filen kan importeres slik den er',
        schema: z.object({
          entity: z.enum(IMPORT_ENTITIES),
          dryRun: z.literal(true),
          rows: z.number().int().describe('Rader i filen'),
          valid: z.number().int().describe('Rader uten feil'),
          sample: z.array(z.record(z.string(), sampleValue)).describe('De første radene slik de blir lagret'),
          previousImport: z
            .object({
              importedAt: z.string().describe('Når den ble importert (ISO 8601, UTC)'),
              rows: z.number().int().describe('Rader som ble importert'),
              actor: z.string().describe('Hvem som importerte'),
            })
            .nullable()
            .describe('En identisk fil av samme slag som er importert før (null når ingen er det)'),
          warnings: z
            .array(z.object({ path: z.string(), message: z.string() }))
            .describe(
              'Advarsler som ikke stopper importen, f.eks. samme organisasjonsnummer som en annen kunde',
            ),
        }),
      },
      201: {
        description: 'Alle radene er importert',
        schema: z.object({
          entity: z.enum(IMPORT_ENTITIES),
          imported: z.number().int().describe('Antall importert'),
        }),
      },
    },
    errors: [404, 422],
    handler: async ({ c, deps, workspaceId, params: { entity }, query, body, storeAnswer }) => {
      const options = { clock: deps.clock };
      if (query.dryRun === 'true') {
        const preview = await previewCsvImport(deps.db, workspaceId, entity, body, options);
        if (preview.errorCount > 0) throw rowErrors(preview);
        return {
          status: 200,
          body: {
            entity,
            dryRun: true as const,
            rows: preview.rows,
            valid: preview.valid,
            sample: preview.sample,
            previousImport: preview.previousImport ?? null,
            warnings: preview.warnings.map(toFieldError),
          },
        };
      }
      const result = await commitCsvImport(deps.db, workspaceId, entity, body, apiActor(c), {
        ...options,
        onCommit: storeAnswer
          ? (trx, imported) => storeAnswer(trx, { status: 201, body: { entity, imported } })
          : undefined,
      });
      if (!result.ok) throw rowErrors(result);
      deps.logger.info({ workspaceId, entity, imported: result.imported }, 'csv import committed');
      return { status: 201, body: { entity, imported: result.imported } };
    },
  }),
];

/**
 * The 422 for a file with problems; nothing was written.
 * @example throw rowErrors(preview) // errors: [{ path: 'rows.12.dato', message: '…' }]
 */
function rowErrors(preview: ImportPreview): HttpError {
  const errors: FieldError[] = preview.errors.map(toFieldError);
  const more = preview.errorCount - preview.errors.length;
  const detail =
    `Filen har ${preview.errorCount} feil; ingenting er importert.` +
    (more > 0 ? ` De første ${preview.errors.length} er listet.` : '');
  return new HttpError(422, detail, errors);
}

function toFieldError(error: ImportRowError): FieldError {
  return {
    path: error.column ? `rows.${error.row}.${error.column}` : `rows.${error.row}`,
    message: error.message,
  };
}
