import { COLUMNS, ENTITY_LABELS, type ImportEntity } from '../../../workspace/csv-import/columns.ts';
import type { ImportPreview } from '../../../workspace/csv-import/validate-rows.ts';
import { PROJECT_STATUS_LABELS, type ProjectStatus } from '../../../workspace/projects.ts';
import { CsrfField } from '../components/form.tsx';
import { Notice, Page } from '../components/layout.tsx';
import { PageHead } from '../components/resource-views.tsx';
import type { SessionUser } from '../context.ts';
import { formatDate, formatDateTime, formatHours, formatOrgNumber } from '../format.ts';

// Server-rendered import pages: pick a register, upload or paste, see the preview with each row
// error in Norwegian, then "Importer" (all or nothing). Works without JavaScript.

/** URL slug of each entity, in the UI's language. */
export const IMPORT_SLUGS: Record<ImportEntity, string> = {
  customers: 'kunder',
  employees: 'arbeidere',
  projects: 'prosjekter',
  hours: 'timer',
  'material-lines': 'varelinjer',
  'free-text-lines': 'fritekstlinjer',
};

/** Where the imported records are listed, for the link after a successful import. */
const LIST_PATHS: Record<ImportEntity, string> = {
  customers: '/kunder',
  employees: '/arbeidere',
  projects: '/prosjekter',
  hours: '/timer',
  'material-lines': '/varelinjer',
  'free-text-lines': '/fritekstlinjer',
};

const HINTS: Record<ImportEntity, string> = {
  customers: 'Kundenummer og navn må fylles ut. Organisasjonsnummer kontrolleres (9 siffer, mod 11).',
  employees: 'Ansattnummer og navn må fylles ut.',
  projects: 'Kunden angis med kundenummer og prosjektlederen med ansattnummer; begge må finnes fra før.',
  hours:
    'Arbeider (ansattnummer), prosjekt (prosjektnummer) og timetype (kode) må finnes fra før. Dato som 14.03.2025 eller 2025-03-14; timer som 7,5 — eller start og slutt (07:00 og 15:30). Høyst 24 timer per rad.',
  'material-lines':
    'Prosjekt (prosjektnummer) og vare (varenummer) må finnes fra før. Antall som 18 eller 2,5; tom pris gir varens salgspris.',
  'free-text-lines':
    'Prosjektet (prosjektnummer) må finnes fra før. Tekst, antall og pris må fylles ut; pris kan være negativ (rabatt).',
};

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

interface Frame {
  session: SessionUser;
  path: string;
}

/**
 * The import start page: one card per register.
 * @example c.html(<ImportIndexPage session={s} path={c.req.path} />)
 */
export function ImportIndexPage({ session, path }: Frame) {
  return (
    <Page title="Import fra CSV" session={session} path={path}>
      <PageHead title="Import fra CSV" />
      <p>
        Last opp en CSV-fil (UTF-8, skilt med semikolon eller komma) fra Excel eller et annet system. Du ser
        først en forhåndsvisning med eventuelle feil per rad; ingenting lagres før du trykker «Importer», og
        da importeres enten alle radene eller ingen.
      </p>
      <div class="cards">
        {(Object.keys(IMPORT_SLUGS) as ImportEntity[]).map((entity) => (
          <section class="card">
            <h2>{capitalize(ENTITY_LABELS[entity].plural)}</h2>
            <p>{HINTS[entity]}</p>
            <p>
              <a class="button" href={`/import/${IMPORT_SLUGS[entity]}`}>
                Importer {ENTITY_LABELS[entity].plural}
              </a>{' '}
              <a href={`/import/${IMPORT_SLUGS[entity]}/mal.csv`} download>
                Last ned mal
              </a>
            </p>
          </section>
        ))}
      </div>
    </Page>
  );
}

interface UploadProps extends Frame {
  entity: ImportEntity;
  notice?: string;
  error?: string;
}

/**
 * Upload (file or paste) for one register.
 * @example c.html(<ImportUploadPage session={s} path={p} entity="hours" />)
 */
export function ImportUploadPage({ session, path, entity, notice, error }: UploadProps) {
  const title = `Importer ${ENTITY_LABELS[entity].plural}`;
  return (
    <Page title={title} session={session} path={path}>
      <PageHead title={title} actions={<a href="/import">Alle importer</a>} />
      <Notice text={notice} />
      <Notice text={error} kind="error" />
      <UploadForm session={session} entity={entity} />
      <ColumnHelp entity={entity} />
    </Page>
  );
}

function UploadForm({ session, entity }: { session: SessionUser; entity: ImportEntity }) {
  return (
    <form
      method="post"
      action={`/import/${IMPORT_SLUGS[entity]}/forhandsvis`}
      enctype="multipart/form-data"
      class="record"
    >
      <CsrfField token={session.csrfToken} />
      <div class="field">
        <label for="import-fil">CSV-fil</label>
        <input id="import-fil" name="fil" type="file" accept=".csv,text/csv,text/plain" />
        <p class="field-hint">UTF-8, semikolon eller komma som skilletegn. Første linje er kolonnenavnene.</p>
      </div>
      <div class="field">
        <label for="import-tekst">… eller lim inn innholdet</label>
        <textarea id="import-tekst" name="tekst" rows={8} spellcheck={false}></textarea>
      </div>
      <div class="form-actions">
        <button type="submit">Forhåndsvis</button>
      </div>
    </form>
  );
}

function ColumnHelp({ entity }: { entity: ImportEntity }) {
  return (
    <section class="card">
      <h2>Kolonner</h2>
      <p>{HINTS[entity]}</p>
      <table class="list">
        <thead>
          <tr>
            <th>Kolonne</th>
            <th>Også godtatt</th>
            <th>Påkrevd</th>
          </tr>
        </thead>
        <tbody>
          {COLUMNS[entity].map((col) => (
            <tr>
              <td>
                <code>{col.label}</code>
              </td>
              <td>{col.aliases.filter((a) => a !== col.label).join(', ')}</td>
              <td>{col.required ? 'Ja' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href={`/import/${IMPORT_SLUGS[entity]}/mal.csv`} download>
          Last ned en mal med disse kolonnene
        </a>
      </p>
    </section>
  );
}

interface PreviewProps extends Frame {
  entity: ImportEntity;
  preview: ImportPreview;
  /** The file as base64 UTF-8, carried to the commit so the same bytes are imported. */
  fileBase64: string;
  /** Set when a commit found problems (e.g. someone added the same number meanwhile). */
  commitRefused?: boolean;
}

/**
 * The preview: counts, every row error, the first rows as they will be stored, and "Importer"
 * only when nothing is wrong.
 * @example c.html(<ImportPreviewPage … preview={p} fileBase64={b64} />)
 */
export function ImportPreviewPage({
  session,
  path,
  entity,
  preview,
  fileBase64,
  commitRefused,
}: PreviewProps) {
  const labels = ENTITY_LABELS[entity];
  const title = `Forhåndsvisning: ${labels.plural}`;
  const ok = preview.errorCount === 0 && preview.rows > 0;
  const columns = preview.sample.length > 0 ? Object.keys(preview.sample[0]) : [];
  return (
    <Page title={title} session={session} path={path}>
      <PageHead
        title={title}
        actions={<a href={`/import/${IMPORT_SLUGS[entity]}`}>Last opp en annen fil</a>}
      />
      {commitRefused && (
        <Notice kind="error" text="Importen ble stoppet, og ingenting er lagret. Se feilene under." />
      )}
      {preview.previousImport && (
        <p class="notice notice-error" role="alert" data-testid="import-previous">
          En identisk fil ble importert {formatDateTime(preview.previousImport.importedAt)} (
          {preview.previousImport.rows} {preview.previousImport.rows === 1 ? 'rad' : 'rader'}, av{' '}
          {preview.previousImport.actor}). Importerer du den igjen, blir radene lagret to ganger.
        </p>
      )}
      <p class={`notice ${ok ? 'notice-ok' : 'notice-error'}`} role="status" data-testid="import-summary">
        {preview.rows} {preview.rows === 1 ? 'rad' : 'rader'} i filen, {preview.valid} uten feil
        {preview.errorCount > 0 ? `, ${preview.errorCount} feil.` : '.'}
        {ok
          ? ' Alt er klart til import.'
          : ' Rett feilene i filen og last den opp på nytt; ingenting importeres før alle radene er riktige.'}
      </p>
      {preview.errors.length > 0 && (
        <section>
          <h2>Feil</h2>
          <table class="list" data-testid="import-errors">
            <thead>
              <tr>
                <th class="num">Rad</th>
                <th>Kolonne</th>
                <th>Feil</th>
              </tr>
            </thead>
            <tbody>
              {preview.errors.map((e) => (
                <tr>
                  <td class="num">{e.row}</td>
                  <td>{e.column ?? ''}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.errorCount > preview.errors.length && (
            <p>
              … og {preview.errorCount - preview.errors.length} feil til. Rett de første og last opp igjen.
            </p>
          )}
        </section>
      )}
      {preview.warnings.length > 0 && (
        <section>
          <h2>Advarsler</h2>
          <p>Advarslene stopper ikke importen, men se over dem først.</p>
          <table class="list" data-testid="import-warnings">
            <thead>
              <tr>
                <th class="num">Rad</th>
                <th>Kolonne</th>
                <th>Advarsel</th>
              </tr>
            </thead>
            <tbody>
              {preview.warnings.map((w) => (
                <tr>
                  <td class="num">{w.row}</td>
                  <td>{w.column ?? ''}</td>
                  <td>
                    {w.message} {w.href && <a href={w.href}>Åpne kunden</a>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {ok && (
        <form method="post" action={`/import/${IMPORT_SLUGS[entity]}/importer`} class="form-actions">
          <CsrfField token={session.csrfToken} />
          <input type="hidden" name="fil" value={fileBase64} />
          <button type="submit">
            Importer {preview.valid} {preview.valid === 1 ? labels.singular : labels.plural}
          </button>
          <a class="button secondary" href={`/import/${IMPORT_SLUGS[entity]}`}>
            Avbryt
          </a>
        </form>
      )}
      {preview.sample.length > 0 && (
        <section>
          <h2>
            Slik blir{' '}
            {preview.sample.length < preview.valid ? `de første ${preview.sample.length} radene` : 'radene'}{' '}
            lagret
          </h2>
          <div style="overflow-x: auto">
            <table class="list" data-testid="import-sample">
              <thead>
                <tr>
                  {columns.map((c) => (
                    <th>{SAMPLE_HEADINGS[c] ?? c}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.sample.map((row) => (
                  <tr>
                    {columns.map((c) => (
                      <td>{formatCell(c, row[c])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {!ok && (
        <section>
          <h2>Last opp den rettede filen</h2>
          <UploadForm session={session} entity={entity} />
        </section>
      )}
    </Page>
  );
}

/** Norwegian headings for the sample's API field names. */
const SAMPLE_HEADINGS: Record<string, string> = {
  number: 'Nummer',
  name: 'Navn',
  orgNumber: 'Org.nr.',
  email: 'E-post',
  invoiceEmail: 'Faktura-e-post',
  phone: 'Telefon',
  addressStreet: 'Adresse',
  addressPostalCode: 'Postnr.',
  addressCity: 'Poststed',
  addressCountry: 'Land',
  paymentTermsDays: 'Betalingsfrist',
  active: 'Aktiv',
  twentyfourContactId: '24SO kontakt-id',
  customerNumber: 'Kunde',
  projectManagerNumber: 'Prosjektleder',
  status: 'Status',
  startDate: 'Startdato',
  endDate: 'Sluttdato',
  employeeNumber: 'Arbeider',
  projectNumber: 'Prosjekt',
  hourTypeCode: 'Timetype',
  machineNumber: 'Maskin',
  date: 'Dato',
  hours: 'Timer',
  startTime: 'Start',
  endTime: 'Slutt',
  description: 'Beskrivelse',
  billable: 'Fakturerbar',
  approved: 'Godkjent',
  productNumber: 'Vare',
  quantity: 'Antall',
  unitPrice: 'Pris',
  text: 'Tekst',
};

/** A sample value as the rest of the UI shows it: dd.mm.åååå, "7,5", "923 456 783", Ja/Nei. */
function formatCell(column: string, value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'Ja' : 'Nei';
  const text = String(value);
  if (column === 'date' || column === 'startDate' || column === 'endDate') return formatDate(text);
  if (column === 'hours') return formatHours(text);
  if (column === 'orgNumber') return formatOrgNumber(text);
  if (column === 'status') return PROJECT_STATUS_LABELS[text as ProjectStatus] ?? text;
  return text;
}

/** The page after a successful import. */
export function ImportDonePage({
  session,
  path,
  entity,
  imported,
}: Frame & { entity: ImportEntity; imported: number }) {
  const labels = ENTITY_LABELS[entity];
  const title = `Importer ${labels.plural}`;
  return (
    <Page title={title} session={session} path={path}>
      <PageHead title={title} />
      <Notice text={`${imported} ${imported === 1 ? labels.singular : labels.plural} er importert.`} />
      <p>
        <a class="button" href={LIST_PATHS[entity]}>
          Se {labels.plural}
        </a>{' '}
        <a href={`/import/${IMPORT_SLUGS[entity]}`}>Importer flere</a>
      </p>
    </Page>
  );
}
