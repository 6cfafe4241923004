import { Hono } from 'hono';
import { html } from 'hono/html';
import type { Obj } from '../codec.ts';
import type { ClientData, SandboxData } from '../state.ts';
import { ORDER_STATUS, Page, date, kroner, quantity } from './layout.tsx';

// The sandbox's read-only web view: its clients, and per client the customers, projects,
// contacts, hours, products and the order list (Ordreliste) with each order's lines and
// dimensions — what a user would check in 24SO after "Lag faktura (24SevenOffice)".

const nameOf = (list: Obj[], id: unknown, key = 'Id', label = 'Name') => {
  const found = list.find((x) => x[key] === id);
  return found ? String(found[label] ?? '') : '';
};

function ClientList(props: { data: SandboxData }) {
  const grants = props.data.users.flatMap((u) => u.identities);
  return (
    <Page title="Klienter">
      <h1>Klienter</h1>
      <p class="muted">
        API-bruker: <strong>{props.data.users.map((u) => u.username).join(', ')}</strong> · ApplicationId{' '}
        <code>{props.data.applicationIds.join(', ')}</code>
      </p>
      <table>
        <thead>
          <tr>
            <th>Klient</th>
            <th class="num">Klient-ID</th>
            <th>Identitet</th>
            <th class="num">Kunder</th>
            <th class="num">Prosjekter</th>
            <th class="num">Ordrer</th>
          </tr>
        </thead>
        <tbody>
          {props.data.clients.map((c) => {
            const grant = grants.find((g) => g.clientId === c.id);
            return (
              <tr>
                <td>
                  <a href={`/klienter/${c.id}`}>{c.name}</a>{' '}
                  {grant?.disabled ? <span class="badge sperret">sperret</span> : grant?.isDefault ? <span class="badge">standard</span> : ''}
                </td>
                <td class="num">{c.id}</td>
                <td class="muted">
                  <code>{grant?.identityId ?? ''}</code>
                </td>
                <td class="num">{c.companies.length}</td>
                <td class="num">{c.projects.length}</td>
                <td class="num">{c.orders.length}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Page>
  );
}

function Customers(props: { client: ClientData }) {
  return (
    <section id="kunder">
      <h2>Kunder ({props.client.companies.length})</h2>
      <table>
        <thead>
          <tr><th class="num">Kundenr.</th><th>Navn</th><th>Org.nr.</th><th>E-post (faktura)</th><th class="num">Betalingstid</th><th>Endret</th></tr>
        </thead>
        <tbody>
          {props.client.companies.map((c) => (
            <tr>
              <td class="num">{String(c.Id)}</td>
              <td>{String(c.Name ?? '')}</td>
              <td>{String(c.OrganizationNumber ?? '')}</td>
              <td>{String(((c.EmailAddresses as Obj | undefined)?.Invoice as Obj | undefined)?.Value ?? '')}</td>
              <td class="num">{c.PaymentTime === undefined ? '' : `${c.PaymentTime} dager`}</td>
              <td>{date(c.DateChanged, true)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Projects(props: { client: ClientData }) {
  return (
    <section id="prosjekter">
      <h2>Prosjekter ({props.client.projects.length})</h2>
      <table>
        <thead>
          <tr><th class="num">Nr.</th><th>Navn</th><th>Kunde</th><th>Status</th><th>Start</th><th>Deltakere</th></tr>
        </thead>
        <tbody>
          {props.client.projects.map((p) => (
            <tr>
              <td class="num">{String(p.Id)}</td>
              <td>{String(p.Name ?? '')} {p.$deactivated ? <span class="badge">deaktivert</span> : ''}</td>
              <td>{String(p.CustomerName ?? '')}</td>
              <td>{String(p.StatusName ?? '')}</td>
              <td>{date(p.DateStart)}</td>
              <td>{((p.Participants as number[] | undefined) ?? []).map((id) => `${personName(props.client, id)}`).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function personName(client: ClientData, id: unknown): string {
  const p = client.persons.find((x) => x.Id === id);
  return p ? `${p.FirstName ?? ''} ${p.LastName ?? ''}`.trim() : String(id);
}

function Contacts(props: { client: ClientData }) {
  return (
    <section id="kontakter">
      <h2>Kontakter og ansatte ({props.client.persons.length})</h2>
      <table>
        <thead>
          <tr><th class="num">Kontakt-ID</th><th>Navn</th><th>E-post</th><th class="num">Ansattnr.</th><th>Knyttet til kunde</th></tr>
        </thead>
        <tbody>
          {props.client.persons.map((p) => (
            <tr>
              <td class="num">{String(p.Id)}</td>
              <td>{`${p.FirstName ?? ''} ${p.LastName ?? ''}`.trim()}</td>
              <td>{((p.EmailAddresses as Obj[] | undefined) ?? []).map((e) => String(e.Value)).join(', ')}</td>
              <td class="num">{p.EmployeeId === undefined ? '' : String(p.EmployeeId)}</td>
              <td>{((p.RelationData as Obj[] | undefined) ?? []).map((r) => nameOf(props.client.companies, r.CustomerId)).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Hours(props: { client: ClientData }) {
  const c = props.client;
  return (
    <section id="timer">
      <h2>Timer ({c.hours.length})</h2>
      <table>
        <thead>
          <tr><th class="num">ID</th><th>Dato</th><th>Ansatt</th><th>Prosjekt</th><th>Arbeidstype</th><th class="num">Timer</th><th>Godkjent</th><th>Beskrivelse</th></tr>
        </thead>
        <tbody>
          {c.hours.map((h) => (
            <tr>
              <td class="num">{String(h.Id)}</td>
              <td>{date(h.StartTime, true)}–{String(h.StopTime ?? '').slice(11, 16)}</td>
              <td>{personName(c, h.ContactId)}</td>
              <td>{nameOf(c.projects, h.ProjectId)}</td>
              <td>{nameOf(c.workTypes, h.TypeOfWorkId)}</td>
              <td class="num">{quantity(h.TotalHours)}</td>
              <td>{h.Approved === 'True' ? 'Ja' : 'Nei'}</td>
              <td>{String(h.Description ?? '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Products(props: { client: ClientData }) {
  const c = props.client;
  return (
    <section id="varer">
      <h2>Varer ({c.products.length})</h2>
      <table>
        <thead>
          <tr><th>Varenr.</th><th>Navn</th><th>Kategori</th><th class="num">Pris</th><th class="num">Lager</th></tr>
        </thead>
        <tbody>
          {c.products.map((p) => (
            <tr>
              <td>{String(p.No ?? '')}</td>
              <td>{String(p.Name ?? '')}</td>
              <td>{nameOf(c.productCategories, p.CategoryId)}</td>
              <td class="num">{kroner(p.Price)}</td>
              <td class="num">{quantity(p.Stock)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function dimensions(c: ClientData, row: Obj): string {
  const parts: string[] = [];
  if (row.DepartmentId !== undefined) parts.push(`Avdeling: ${nameOf(c.departments, row.DepartmentId) || row.DepartmentId}`);
  if (row.ProjectId !== undefined) parts.push(`Prosjekt: ${nameOf(c.projects, row.ProjectId) || row.ProjectId}`);
  for (const d of (row.UserDefinedDimensions as Obj[] | undefined) ?? []) {
    const label = c.dimensionValues.find((v) => v.TypeId === d.TypeId && v.Value === d.Value)?.Name;
    parts.push(`${d.Name ?? nameOf(c.dimensionTypes, d.TypeId, 'TypeId')}: ${d.Value}${label ? ` (${label})` : ''}`);
  }
  return parts.join(' · ');
}

function OrderTable(props: { client: ClientData; orders: Obj[] }) {
  const c = props.client;
  return (
    <table>
      <thead>
        <tr><th class="num">Ordrenr.</th><th>Kunde</th><th>Prosjekt</th><th>Status</th><th>Ordredato</th><th class="num">Sum eks. mva</th><th class="num">Sum inkl. mva</th></tr>
      </thead>
      <tbody>
        {props.orders.map((o) => {
          const vat = o.OrderTotalVat as string | undefined;
          const total = o.OrderTotalIncVat as string | undefined;
          const net = total !== undefined && vat !== undefined ? subtract(total, vat) : '';
          return (
            <>
              <tr id={`ordre-${o.OrderId}`}>
                <td class="num"><strong>{String(o.OrderId)}</strong></td>
                <td>{String(o.CustomerName ?? '')} <span class="muted">({String(o.CustomerId)})</span></td>
                <td>{nameOf(c.projects, o.ProjectId)}</td>
                <td><span class="badge">{ORDER_STATUS[String(o.OrderStatus)] ?? String(o.OrderStatus)}</span>{o.InvoiceId ? ` faktura ${o.InvoiceId}` : ''}</td>
                <td>{date(o.DateOrdered)}</td>
                <td class="num">{kroner(net)}</td>
                <td class="num">{kroner(total)}</td>
              </tr>
              <tr>
                <td></td>
                <td colspan={6}>
                  {o.InvoiceTitle ? <div class="muted">{String(o.InvoiceTitle)}{dimensions(c, o) ? ` · ${dimensions(c, o)}` : ''}</div> : ''}
                  <table class="lines">
                    <thead>
                      <tr><th>Varenr.</th><th>Tekst</th><th class="num">Antall</th><th class="num">Pris</th><th class="num">Rabatt %</th><th class="num">Mva %</th><th>Dimensjoner</th></tr>
                    </thead>
                    <tbody>
                      {((o.InvoiceRows as Obj[] | undefined) ?? []).map((r) => (
                        <tr>
                          <td>{String(r.ProductNo ?? '')}</td>
                          <td>{String(r.Name ?? '')}</td>
                          <td class="num">{r.Type === 'Text' || r.Type === 'TextBold' ? '' : quantity(r.Quantity)}</td>
                          <td class="num">{r.Type === 'Text' || r.Type === 'TextBold' ? '' : kroner(r.Price)}</td>
                          <td class="num">{quantity(r.DiscountRate)}</td>
                          <td class="num">{quantity(r.VatRate)}</td>
                          <td>{dimensions(c, r)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </td>
              </tr>
            </>
          );
        })}
      </tbody>
    </table>
  );
}

/** Exact "a − b" on two-decimal strings, for the net column. */
function subtract(a: string, b: string): string {
  const cents = (s: string) => {
    const [w, f = ''] = s.replace('-', '').split('.');
    const v = BigInt(w) * 100n + BigInt((f + '00').slice(0, 2));
    return s.startsWith('-') ? -v : v;
  };
  const diff = cents(a) - cents(b);
  const abs = diff < 0n ? -diff : diff;
  return `${diff < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

function ClientPage(props: { client: ClientData }) {
  const c = props.client;
  const open = c.orders.filter((o) => !String(o.OrderStatus).startsWith('Invoiced'));
  const invoiced = c.orders.filter((o) => String(o.OrderStatus).startsWith('Invoiced'));
  return (
    <Page title={c.name}>
      <h1>{c.name} <span class="muted">klient {c.id}</span></h1>
      <nav class="sections">
        <a href="#ordreliste">Ordreliste</a><a href="#kunder">Kunder</a><a href="#prosjekter">Prosjekter</a>
        <a href="#kontakter">Kontakter</a><a href="#timer">Timer</a><a href="#varer">Varer</a><a href="#fakturaer">Fakturaer</a>
      </nav>
      <section id="ordreliste">
        <h2>Ordreliste ({open.length})</h2>
        {open.length === 0 ? <p class="muted">Ingen ordrer.</p> : <OrderTable client={c} orders={open} />}
      </section>
      <Customers client={c} />
      <Projects client={c} />
      <Contacts client={c} />
      <Hours client={c} />
      <Products client={c} />
      <section id="fakturaer">
        <h2>Fakturaer ({invoiced.length})</h2>
        {invoiced.length === 0 ? <p class="muted">Ingen fakturaer.</p> : <OrderTable client={c} orders={invoiced} />}
      </section>
    </Page>
  );
}

/**
 * The web view's routes: `/` (clients) and `/klienter/:id` (one client's data).
 * @example app.route('/', createWebView(() => data));
 */
export function createWebView(getData: () => SandboxData): Hono {
  const web = new Hono();
  web.get('/', (c) => c.html(html`<!doctype html>${<ClientList data={getData()} />}`));
  web.get('/klienter/:id', (c) => {
    const client = getData().clients.find((x) => String(x.id) === c.req.param('id'));
    if (!client) {
      return c.html(html`<!doctype html>${<Page title="Ikke funnet"><h1>Fant ikke klienten</h1><p><a href="/">Tilbake til klientene</a></p></Page>}`, 404);
    }
    return c.html(html`<!doctype html>${<ClientPage client={client} />}`);
  });
  return web;
}
