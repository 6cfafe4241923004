import type { Summary } from '../../../integration/reconciliation/service.ts';
import type { RemoteEntry } from '../../../integration/reconciliation/store.ts';
import type { ReconEntity, RowAction } from '../../../integration/reconciliation/tables.ts';
import type { RemoteView, RowView } from '../../../integration/reconciliation/view.ts';
import { CsrfField } from '../components/form.tsx';
import { BASE } from './views.tsx';

// The parts of the Avstemming page: the summary, the rows with both sides side by side and a
// decision form per row, and the search for another 24SO record.

export const RECON = `${BASE}/avstemming`;

export const ENTITY_TITLE: Record<ReconEntity, string> = {
  customer: 'Kunder',
  project: 'Prosjekter',
  product: 'Varer',
  employee: 'Arbeidere',
};

const MATCHED_BY: Record<string, string> = {
  link: 'allerede koblet',
  org_number: 'samme org.nr.',
  number: 'samme nummer',
  email: 'samme e-post',
  name: 'bare navnet likner',
};

export const ACTION_LABEL: Record<RowAction, string> = {
  link: 'Kobles til eksisterende',
  create: 'Opprettes i 24SO',
  skip: 'Ikke synkroniser',
  undecided: 'Må avgjøres',
  import: 'Hentes inn',
  ignore: 'Blir liggende',
};

/**
 * The four counts at the top: «N kobles til eksisterende», «M opprettes i 24SO», «K hentes
 * inn», «L må avgjøres».
 * @example <SummaryBox summary={view.summary} id={rec.id} />
 */
export function SummaryBox({ summary, id }: { summary: Summary; id: string }) {
  const item = (n: number, text: string, action: RowAction) => (
    <li>
      <a href={`${RECON}/${id}?handling=${action}`}>
        <strong data-count={action}>{n}</strong> {text}
      </a>
    </li>
  );
  return (
    <ul class="recon-summary" style="display:flex;flex-wrap:wrap;gap:.5rem 2rem;list-style:none;padding:0">
      {item(summary.link, 'kobles til eksisterende', 'link')}
      {item(summary.create, 'opprettes i 24SO', 'create')}
      {item(summary.import, 'hentes inn', 'import')}
      {item(summary.undecided, 'må avgjøres', 'undecided')}
      {summary.skip > 0 && item(summary.skip, 'synkroniseres ikke', 'skip')}
      {summary.ignore > 0 && item(summary.ignore, 'blir liggende der de er', 'ignore')}
    </ul>
  );
}

function Detail({ detail }: { detail: Record<string, string | null | undefined> }) {
  const parts = [
    detail.orgNumber ? `org.nr. ${detail.orgNumber}` : null,
    detail.email ?? null,
    detail.customerName ? `kunde ${detail.customerName}` : null,
  ].filter(Boolean);
  return parts.length > 0 ? <div class="field-hint">{parts.join(' · ')}</div> : null;
}

function Remote({ remote }: { remote: RemoteView | null }) {
  if (!remote) return <span class="muted">–</span>;
  return (
    <>
      <span>{remote.label}</span>
      <Detail detail={remote.detail} />
    </>
  );
}

/**
 * One row: the workspace side, why it matched, the 24SO side, and the decision form.
 * @example <RowLine row={row} id={rec.id} open csrfToken={t} back={url} />
 */
export function RowLine({
  row,
  id,
  open,
  csrfToken,
  back,
}: {
  row: RowView;
  id: string;
  open: boolean;
  csrfToken: string;
  back: string;
}) {
  const local = row.local;
  const others = row.candidates.filter((c) => c.id !== row.remote?.id);
  return (
    <tr data-row={row.id} data-action={row.action}>
      <td>{ENTITY_TITLE[row.entity]}</td>
      <td>
        {local ? (
          <>
            <span>{local.label}</span>
            <Detail detail={local} />
          </>
        ) : (
          <span class="muted">Finnes bare i 24SO</span>
        )}
      </td>
      <td>
        {row.matchedBy ? MATCHED_BY[row.matchedBy] : 'ingen treff'}
        {row.certainty === 'name' && <span class="badge">usikker</span>}
        {row.candidates.length > 1 && <span class="badge">{row.candidates.length} kandidater</span>}
      </td>
      <td>
        <Remote remote={row.remote} />
        {others.length > 0 && (
          <div class="field-hint">Andre kandidater: {others.map((c) => c.label).join(', ')}</div>
        )}
      </td>
      <td>
        <span class={row.action === 'undecided' ? 'badge off' : 'badge'}>{ACTION_LABEL[row.action]}</span>
        {open && local && (
          <form method="post" action={`${RECON}/${id}/rader/${row.id}`} class="inline-form">
            <CsrfField token={csrfToken} />
            <input type="hidden" name="tilbake" value={back} />
            <label class="visually-hidden" for={`valg-${row.id}`}>
              Valg for {local.label}
            </label>
            <select name="valg" id={`valg-${row.id}`}>
              {row.candidates.map((c) => (
                <option value={`link:${c.id}`} selected={row.action === 'link' && row.remote?.id === c.id}>
                  Koble til {c.label}
                </option>
              ))}
              {row.action === 'link' &&
                row.remote &&
                !row.candidates.some((c) => c.id === row.remote?.id) && (
                  <option value={`link:${row.remote.id}`} selected>
                    Koble til {row.remote.label}
                  </option>
                )}
              {row.entity !== 'employee' && (
                <option value="create" selected={row.action === 'create'}>
                  Opprett ny i 24SO
                </option>
              )}
              <option value="skip" selected={row.action === 'skip'}>
                Ikke synkroniser
              </option>
            </select>{' '}
            <button type="submit" class="secondary">
              {row.action === 'undecided' ? 'Avgjør' : 'Endre'}
            </button>{' '}
            <a href={`${RECON}/${id}/sok?rad=${row.id}`}>Velg en annen…</a>
          </form>
        )}
      </td>
    </tr>
  );
}

/**
 * The search for another 24SO record for one row, with a «Velg» button per hit.
 * @example <RemoteSearch id={id} row={row} hits={hits} q="nordvik" csrfToken={t} />
 */
export function RemoteSearch({
  id,
  row,
  hits,
  q,
  csrfToken,
}: {
  id: string;
  row: RowView;
  hits: RemoteEntry[];
  q: string;
  csrfToken: string;
}) {
  return (
    <>
      <form method="get" action={`${RECON}/${id}/sok`} class="search-form">
        <input type="hidden" name="rad" value={row.id} />
        <label for="sok-q">
          Søk blant {ENTITY_TITLE[row.entity].toLowerCase()} i 24SevenOffice (navn eller nummer)
        </label>
        <input type="search" id="sok-q" name="q" value={q} />
        <button type="submit">Søk</button>
      </form>
      {hits.length === 0 ? (
        <p>Ingen treff.</p>
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th>I 24SevenOffice</th>
              <th>Detaljer</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {hits.map((hit) => (
              <tr>
                <td>{hit.label}</td>
                <td>
                  <Detail detail={hit.detail} />
                </td>
                <td>
                  <form method="post" action={`${RECON}/${id}/rader/${row.id}`}>
                    <CsrfField token={csrfToken} />
                    <input type="hidden" name="valg" value={`link:${hit.remoteId}`} />
                    <button type="submit" class="secondary">
                      Velg
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
