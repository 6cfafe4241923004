import type { Obj } from '../codec.ts';
import { osloText } from '../oslo-time.ts';
import type { ClientData } from '../state.ts';
import { date, kroner, quantity } from './layout.tsx';

// One section per kind of record on a client's page of the sandbox's web view.

/** The label of the record with that id in a list (or '' when unknown). */
export const nameOf = (list: Obj[], id: unknown, key = 'Id', label = 'Name') => {
  const found = list.find((x) => x[key] === id);
  return found ? String(found[label] ?? '') : '';
};

/** "Kunder": number, name, org. no., invoice e-mail, payment terms. @example <Customers client={c} /> */
export function Customers(props: { client: ClientData }) {
  return (
    <section id="kunder">
      <h2>Kunder ({props.client.companies.length})</h2>
      <table>
        <thead>
          <tr>
            <th class="num">Kundenr.</th>
            <th>Navn</th>
            <th>Org.nr.</th>
            <th>E-post (faktura)</th>
            <th class="num">Betalingstid</th>
            <th>Endret</th>
          </tr>
        </thead>
        <tbody>
          {props.client.companies.map((c) => (
            <tr>
              <td class="num">{String(c.Id)}</td>
              <td>{String(c.Name ?? '')}</td>
              <td>{String(c.OrganizationNumber ?? '')}</td>
              <td>
                {String(((c.EmailAddresses as Obj | undefined)?.Invoice as Obj | undefined)?.Value ?? '')}
              </td>
              <td class="num">{c.PaymentTime === undefined ? '' : `${c.PaymentTime} dager`}</td>
              <td>{date(c.DateChanged, true)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** "Prosjekter" with customer, status and participants. @example <Projects client={c} /> */
export function Projects(props: { client: ClientData }) {
  return (
    <section id="prosjekter">
      <h2>Prosjekter ({props.client.projects.length})</h2>
      <table>
        <thead>
          <tr>
            <th class="num">Nr.</th>
            <th>Navn</th>
            <th>Kunde</th>
            <th>Status</th>
            <th>Start</th>
            <th>Deltakere</th>
          </tr>
        </thead>
        <tbody>
          {props.client.projects.map((p) => (
            <tr>
              <td class="num">{String(p.Id)}</td>
              <td>
                {String(p.Name ?? '')} {p.$deactivated ? <span class="badge">deaktivert</span> : ''}
              </td>
              <td>{String(p.CustomerName ?? '')}</td>
              <td>{String(p.StatusName ?? '')}</td>
              <td>{date(p.DateStart)}</td>
              <td>
                {((p.Participants as number[] | undefined) ?? [])
                  .map((id) => `${personName(props.client, id)}`)
                  .join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** "Ola Nordmann" for a contact id, or the id itself when unknown. @example personName(c, 501) */
export function personName(client: ClientData, id: unknown): string {
  const p = client.persons.find((x) => x.Id === id);
  return p ? `${p.FirstName ?? ''} ${p.LastName ?? ''}`.trim() : String(id);
}

/** "Kontakter og ansatte" with e-mail, employee number and customer links. @example <Contacts client={c} /> */
export function Contacts(props: { client: ClientData }) {
  return (
    <section id="kontakter">
      <h2>Kontakter og ansatte ({props.client.persons.length})</h2>
      <table>
        <thead>
          <tr>
            <th class="num">Kontakt-ID</th>
            <th>Navn</th>
            <th>E-post</th>
            <th class="num">Ansattnr.</th>
            <th>Knyttet til kunde</th>
          </tr>
        </thead>
        <tbody>
          {props.client.persons.map((p) => (
            <tr>
              <td class="num">{String(p.Id)}</td>
              <td>{`${p.FirstName ?? ''} ${p.LastName ?? ''}`.trim()}</td>
              <td>
                {((p.EmailAddresses as Obj[] | undefined) ?? []).map((e) => String(e.Value)).join(', ')}
              </td>
              <td class="num">{p.EmployeeId === undefined ? '' : String(p.EmployeeId)}</td>
              <td>
                {((p.RelationData as Obj[] | undefined) ?? [])
                  .map((r) => nameOf(props.client.companies, r.CustomerId))
                  .join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** "Timer": each registered hour with worker, project, work type and approval. @example <Hours client={c} /> */
export function Hours(props: { client: ClientData }) {
  const c = props.client;
  return (
    <section id="timer">
      <h2>Timer ({c.hours.length})</h2>
      <table>
        <thead>
          <tr>
            <th class="num">ID</th>
            <th>Dato</th>
            <th>Ansatt</th>
            <th>Prosjekt</th>
            <th>Arbeidstype</th>
            <th class="num">Timer</th>
            <th class="num">Fakturerbare</th>
            <th>Godkjent</th>
            <th>Status</th>
            <th>Beskrivelse</th>
            <th>Internt notat</th>
          </tr>
        </thead>
        <tbody>
          {c.hours.map((h) => (
            <tr>
              <td class="num">{String(h.Id)}</td>
              <td>
                {osloText(h.StartTime)}
                {h.StopTime ? `–${osloText(h.StopTime).slice(11)}` : ''}
              </td>
              <td>{personName(c, h.ContactId)}</td>
              <td>{nameOf(c.projects, h.ProjectId)}</td>
              <td>{nameOf(c.workTypes, h.TypeOfWorkId)}</td>
              <td class="num">{quantity(h.TotalHours)}</td>
              <td class="num">{quantity(h.TotalHoursInvoice)}</td>
              <td>{h.Approved === 'True' ? 'Ja' : h.NeedApproval ? 'Venter' : 'Nei'}</td>
              <td>
                {typeof h.OrderId === 'number' && h.OrderId > 0
                  ? `Fakturert (ordre ${h.OrderId})`
                  : h.Locked === 'True'
                    ? 'Låst'
                    : 'Åpen'}
              </td>
              <td>{String(h.Description ?? '')}</td>
              <td>{String(h.InternalNote ?? '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** "Varer" with category, price and stock. @example <Products client={c} /> */
export function Products(props: { client: ClientData }) {
  const c = props.client;
  return (
    <section id="varer">
      <h2>Varer ({c.products.length})</h2>
      <table>
        <thead>
          <tr>
            <th>Varenr.</th>
            <th>Navn</th>
            <th>Kategori</th>
            <th class="num">Pris</th>
            <th class="num">Lager</th>
          </tr>
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
