import { type Blocker, INVALID_MAPPINGS } from '../../../integration/activation.ts';
import type { AuditEntry } from '../../../integration/audit.ts';
import type { ConnectionStatus } from '../../../integration/connection.ts';
import type { Coverage } from '../../../integration/coverage.ts';
import type { ProbeResult } from '../../../integration/lookups.ts';
import { MAPPING_REVIEW } from '../../../integration/mapping-review.ts';
import { describeValue } from '../../../integration/references.ts';
import { CsrfField } from '../components/form.tsx';
import { formatDateTime, formatHours } from '../format.ts';
import { fieldId } from './form-controls.tsx';
import { settingLabel, valueLabel } from './labels.ts';

export const BASE = '/integrasjoner/24sevenoffice';

/** The short name of each connection state, as a badge here and on the Integrasjoner card. */
export const STATE_BADGE: Record<ConnectionStatus['state'], { text: string; cls: string }> = {
  not_connected: { text: 'Ikke tilkoblet', cls: 'badge' },
  connected: { text: 'Tilkoblet', cls: 'badge ok' },
  invalid_credentials: { text: 'Feil passord', cls: 'badge off' },
  client_unavailable: { text: 'Klienten er ikke tilgjengelig', cls: 'badge off' },
  unreachable: { text: '24SevenOffice svarer ikke', cls: 'badge off' },
};

/**
 * The connection box on every integration page: state, client and user, and the actions.
 * @example <StateBox status={status} csrfToken={session.csrfToken} />
 */
export function StateBox({ status, csrfToken }: { status: ConnectionStatus; csrfToken: string }) {
  const badge = STATE_BADGE[status.state];
  return (
    <section class="card connection-state" aria-labelledby="tilkobling" data-state={status.state}>
      <h2 id="tilkobling">
        Tilkobling <span class={badge.cls}>{badge.text}</span>
      </h2>
      <p>{status.message}</p>
      {status.client && (
        <dl
          class="facts"
          style="display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 .5rem"
        >
          <dt>Klient</dt>
          <dd style="margin:0">{status.client.name}</dd>
          <dt>Bruker</dt>
          <dd style="margin:0">{status.username}</dd>
          <dt>Sist sjekket</dt>
          <dd style="margin:0">{status.lastCheckedAt ? formatDateTime(status.lastCheckedAt) : '–'}</dd>
          {status.lastError && status.state !== 'connected' && (
            <>
              <dt>Siste feil</dt>
              <dd style="margin:0">
                {/* 24SO's own wording is English and technical: kept for support, folded away. */}
                <details>
                  <summary>Teknisk melding fra 24SevenOffice (for brukerstøtte)</summary>
                  <span class="field-hint">{status.lastError}</span>
                </details>
              </dd>
            </>
          )}
        </dl>
      )}
      <div class="form-actions">
        {status.state !== 'not_connected' && (
          <form method="post" action={`${BASE}/test`}>
            <CsrfField token={csrfToken} />
            <button type="submit" class="secondary">
              Test tilkoblingen
            </button>
          </form>
        )}
        <a class="button secondary" href={`${BASE}/logg-inn`}>
          {status.state === 'not_connected' ? 'Logg inn' : 'Logg inn på nytt'}
        </a>
        {status.state !== 'not_connected' && (
          <>
            <a class="button secondary" href={`${BASE}/tilganger`}>
              Sjekk tilganger
            </a>
            {/* Disconnecting is confirmed on its own page first (works without JavaScript). */}
            <a class="button danger" href={`${BASE}/koble-fra`}>
              Koble fra
            </a>
          </>
        )}
      </div>
    </section>
  );
}

/** What the mappings leave uncovered, with the count of hours each gap holds back. */
export function CoverageBox({ coverage }: { coverage: Coverage }) {
  return (
    <section class="card coverage" aria-labelledby="dekning">
      <h2 id="dekning">Dekning av koblingene</h2>
      <ul>
        {coverage.messages.map((m) => (
          <li>{m}</li>
        ))}
      </ul>
      <GapTable
        heading={['Timetype uten arbeidstype', 'Godkjente timeregistreringer som holdes igjen']}
        rows={coverage.hourTypes.unmapped.map((t) => ({
          path: `hours.workTypeByHourType.${t.code}`,
          text: `${t.code} – ${t.name}${t.missingInClient ? ' (arbeidstypen finnes ikke i klienten)' : ''}`,
          entries: t.heldBackEntries,
          minutes: t.heldBackMinutes,
        }))}
      />
      <GapTable
        heading={['Maskin uten dimensjon', 'Godkjente timeregistreringer uten dimensjon']}
        rows={coverage.machines.unmapped.map((m) => ({
          path: `invoicing.dimensionByMachine.${m.number}`,
          text: `${m.number} – ${m.name}${m.missingInClient ? ' (dimensjonen finnes ikke i klienten)' : ''}`,
          entries: m.entriesWithoutDimension,
          minutes: m.minutesWithoutDimension,
        }))}
      />
    </section>
  );
}

/** One kind of coverage gap, each row linking to the picker that closes it. */
function GapTable({
  heading,
  rows,
}: {
  heading: [string, string];
  rows: { path: string; text: string; entries: number; minutes: number }[];
}) {
  if (rows.length === 0) return null;
  return (
    <table class="list gaps">
      <caption class="visually-hidden">{heading[0]}</caption>
      <thead>
        <tr>
          <th scope="col">{heading[0]}</th>
          <th scope="col" class="num">
            {heading[1]}
          </th>
          <th scope="col" class="num">
            Timer i alt
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr>
            <td>
              <a href={`#${fieldId(row.path)}`}>{row.text}</a>
            </td>
            <td class="num">{row.entries}</td>
            <td class="num">{formatHours({ minutes: row.minutes })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The activation switch; the reconciliation (linked) replaces the article's duplicates warning.
 * @example <ActivationBox enabled={false} blockers={blockers} warning={DUPLICATES_WARNING} csrfToken={t} />
 */
export function ActivationBox({
  enabled,
  blockers,
  warning,
  csrfToken,
}: {
  enabled: boolean;
  blockers: Blocker[];
  warning: string;
  csrfToken: string;
}) {
  return (
    <section class="card activation" aria-labelledby="aktivering">
      <h2 id="aktivering">
        Aktivering <span class={enabled ? 'badge ok' : 'badge'}>{enabled ? 'På' : 'Av'}</span>
      </h2>
      {enabled ? (
        <form method="post" action={`${BASE}/aktivering`}>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="enabled" value="0" />
          <p>Integrasjonen er slått på. Selve synkroniseringen styres av innstillingene over.</p>
          <button type="submit" class="secondary">
            Slå av integrasjonen
          </button>
        </form>
      ) : (
        <form method="post" action={`${BASE}/aktivering`}>
          <CsrfField token={csrfToken} />
          <input type="hidden" name="enabled" value="1" />
          <p class="notice notice-info" role="note">
            <strong>Ingen duplikater: </strong>
            {warning} <a href={`${BASE}/avstemming`}>Gå til avstemmingen</a>
          </p>
          {blockers.length > 0 && (
            <>
              <p>Integrasjonen kan ikke slås på før dette er på plass:</p>
              <ul class="blockers">
                {blockers.map((b) => (
                  <li>
                    {b.path === 'connection' || b.path === INVALID_MAPPINGS ? (
                      b.message
                    ) : b.path === 'reconciliation' ? (
                      <a href={`${BASE}/avstemming`}>{b.message}</a>
                    ) : b.path === MAPPING_REVIEW ? (
                      <a href={`${BASE}/koblinger`}>{b.message}</a>
                    ) : (
                      <a href={`#${fieldId(b.path)}`}>{b.message}</a>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
          <button type="submit" disabled={blockers.length > 0}>
            Slå på integrasjonen
          </button>
        </form>
      )}
    </section>
  );
}

/** Labels of 24SO ids by list, so the audit can say "Ordinær (1)" instead of "1". */
export type IdNames = Partial<Record<'work-types' | 'dimensions', Map<string, string>>>;

function auditValue(path: string, value: unknown, names: IdNames): string {
  const kind = path.startsWith('hours.workTypeByHourType.')
    ? 'work-types'
    : path.startsWith('invoicing.dimensionByMachine.')
      ? 'dimensions'
      : undefined;
  if (!kind || typeof value !== 'string') return valueLabel(value);
  // An id the connected client does not have (or when not connected) in words, never raw.
  return names[kind]?.get(value) ?? describeValue(kind, value);
}

/** The settings audit: who changed which setting when, from what to what. */
export function AuditTable({ entries, names = {} }: { entries: AuditEntry[]; names?: IdNames }) {
  if (entries.length === 0) return <p>Ingen endringer er registrert ennå.</p>;
  return (
    <table class="list audit">
      <thead>
        <tr>
          <th scope="col">Tidspunkt</th>
          <th scope="col">Hvem</th>
          <th scope="col">Innstilling</th>
          <th scope="col">Fra</th>
          <th scope="col">Til</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr>
            <td>{formatDateTime(e.at)}</td>
            <td>{e.actor}</td>
            <td>{settingLabel(e.path)}</td>
            <td>{auditValue(e.path, e.oldValue, names)}</td>
            <td>{auditValue(e.path, e.newValue, names)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The permission probe's answer, one row per list the settings need. */
export function ProbeTable({ results }: { results: ProbeResult[] }) {
  return (
    <table class="list probe">
      <thead>
        <tr>
          <th scope="col">Liste i 24SevenOffice</th>
          <th scope="col">Trengs til</th>
          <th scope="col">Tilgang</th>
        </tr>
      </thead>
      <tbody>
        {results.map((r) => (
          <tr>
            <td>{r.label}</td>
            <td>{r.neededFor}</td>
            <td>
              {r.ok ? (
                <span class="badge ok">OK</span>
              ) : r.timedOut ? (
                <span class="badge">Ikke ferdig: {r.message}</span>
              ) : (
                <span class="badge off">{r.message}</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The sub-navigation of the integration pages. */
export function SubNav({
  current,
}: {
  current: 'settings' | 'audit' | 'login' | 'probe' | 'reconciliation';
}) {
  const items = [
    ['settings', `${BASE}/innstillinger`, 'Innstillinger'],
    ['reconciliation', `${BASE}/avstemming`, 'Avstemming'],
    ['audit', `${BASE}/logg`, 'Endringslogg'],
    ['sync', '/integrasjoner/synkronisering', 'Synkronisering'],
  ] as const;
  return (
    <nav
      class="tabs"
      aria-label="24SevenOffice"
      style="display:flex;flex-wrap:wrap;gap:0.5rem 1.25rem;margin:0 0 1rem"
    >
      {items.map(([key, href, label]) => (
        <a href={href} aria-current={key === current ? 'page' : undefined}>
          {label}
        </a>
      ))}
    </nav>
  );
}
