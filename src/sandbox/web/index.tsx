import { Hono } from 'hono';
import { html } from 'hono/html';
import { SERVICES } from '../registry.ts';
import type { ClientData, SandboxData } from '../state.ts';
import { Page } from './layout.tsx';
import { OrderTable } from './order-list.tsx';
import { Contacts, Customers, Hours, Products, Projects } from './sections.tsx';

// The sandbox's read-only web view: its clients, and per client the customers, projects,
// contacts, hours, products and the order list (Ordreliste) with each order's lines and
// dimensions — what a user would check in 24SO after "Lag faktura (24SevenOffice)".

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
                  {grant?.disabled ? (
                    <span class="badge sperret">sperret</span>
                  ) : grant?.isDefault ? (
                    <span class="badge">standard</span>
                  ) : (
                    ''
                  )}
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
      <h2>Tjenester (SOAP 1.1 og 1.2)</h2>
      <table>
        <thead>
          <tr>
            <th>Tjeneste</th>
            <th>Adresse</th>
            <th>Operasjoner</th>
          </tr>
        </thead>
        <tbody>
          {SERVICES.map((service) => (
            <tr>
              <td>{service.name}</td>
              <td>
                <code>{service.path}</code> · <a href={`${service.path}?wsdl`}>WSDL</a>
              </td>
              <td class="muted">{Object.keys(service.operations).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Page>
  );
}

function ClientPage(props: { client: ClientData }) {
  const c = props.client;
  const open = c.orders.filter((o) => !String(o.OrderStatus).startsWith('Invoiced'));
  const invoiced = c.orders.filter((o) => String(o.OrderStatus).startsWith('Invoiced'));
  return (
    <Page title={c.name}>
      <h1>
        {c.name} <span class="muted">klient {c.id}</span>
      </h1>
      <nav class="sections">
        <a href="#ordreliste">Ordreliste</a>
        <a href="#kunder">Kunder</a>
        <a href="#prosjekter">Prosjekter</a>
        <a href="#kontakter">Kontakter</a>
        <a href="#timer">Timer</a>
        <a href="#varer">Varer</a>
        <a href="#fakturaer">Fakturaer</a>
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
        {invoiced.length === 0 ? (
          <p class="muted">Ingen fakturaer.</p>
        ) : (
          <OrderTable client={c} orders={invoiced} />
        )}
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
      return c.html(
        html`<!doctype html>${(
          <Page title="Ikke funnet">
            <h1>Fant ikke klienten</h1>
            <p>
              <a href="/">Tilbake til klientene</a>
            </p>
          </Page>
        )}`,
        404,
      );
    }
    return c.html(html`<!doctype html>${<ClientPage client={client} />}`);
  });
  return web;
}
