import type { Obj } from '../codec.ts';
import type { ClientData } from '../state.ts';
import { date, kroner, ORDER_STATUS, quantity } from './layout.tsx';
import { nameOf } from './sections.tsx';

// The order list (Ordreliste): each order with its lines and their dimensions — department,
// project and user-defined ones such as "Maskin" — as the user checks them after a transfer.

function dimensions(c: ClientData, row: Obj): string {
  const parts: string[] = [];
  if (row.DepartmentId !== undefined)
    parts.push(`Avdeling: ${nameOf(c.departments, row.DepartmentId) || row.DepartmentId}`);
  if (row.ProjectId !== undefined)
    parts.push(`Prosjekt: ${nameOf(c.projects, row.ProjectId) || row.ProjectId}`);
  for (const d of (row.UserDefinedDimensions as Obj[] | undefined) ?? []) {
    const label = c.dimensionValues.find((v) => v.TypeId === d.TypeId && v.Value === d.Value)?.Name;
    parts.push(
      `${d.Name ?? nameOf(c.dimensionTypes, d.TypeId, 'TypeId')}: ${d.Value}${label ? ` (${label})` : ''}`,
    );
  }
  return parts.join(' · ');
}

/** Orders with their totals and, under each, its lines and dimensions. @example <OrderTable client={c} orders={open} /> */
export function OrderTable(props: { client: ClientData; orders: Obj[] }) {
  const c = props.client;
  return (
    <table>
      <thead>
        <tr>
          <th class="num">Ordrenr.</th>
          <th>Kunde</th>
          <th>Prosjekt</th>
          <th>Status</th>
          <th>Ordredato</th>
          <th class="num">Sum eks. mva</th>
          <th class="num">Sum inkl. mva</th>
        </tr>
      </thead>
      <tbody>
        {props.orders.map((o) => {
          const vat = o.OrderTotalVat as string | undefined;
          const total = o.OrderTotalIncVat as string | undefined;
          const net = total !== undefined && vat !== undefined ? subtract(total, vat) : '';
          return (
            <>
              <tr id={`ordre-${o.OrderId}`}>
                <td class="num">
                  <strong>{String(o.OrderId)}</strong>
                </td>
                <td>
                  {String(o.CustomerName ?? '')} <span class="muted">({String(o.CustomerId)})</span>
                </td>
                <td>{nameOf(c.projects, o.ProjectId)}</td>
                <td>
                  <span class="badge">{ORDER_STATUS[String(o.OrderStatus)] ?? String(o.OrderStatus)}</span>
                  {o.InvoiceId ? ` faktura ${o.InvoiceId}` : ''}
                </td>
                <td>{date(o.DateOrdered)}</td>
                <td class="num">{kroner(net)}</td>
                <td class="num">{kroner(total)}</td>
              </tr>
              <tr>
                <td></td>
                <td colspan={6}>
                  {o.InvoiceTitle ? (
                    <div class="muted">
                      {String(o.InvoiceTitle)}
                      {dimensions(c, o) ? ` · ${dimensions(c, o)}` : ''}
                    </div>
                  ) : (
                    ''
                  )}
                  <table class="lines">
                    <thead>
                      <tr>
                        <th>Varenr.</th>
                        <th>Tekst</th>
                        <th class="num">Antall</th>
                        <th class="num">Pris</th>
                        <th class="num">Rabatt %</th>
                        <th class="num">Mva %</th>
                        <th>Dimensjoner</th>
                      </tr>
                    </thead>
                    <tbody>
                      {((o.InvoiceRows as Obj[] | undefined) ?? []).map((r) => {
                        // Text rows carry only their text; amounts would mislead.
                        const text = r.Type === 'Text' || r.Type === 'TextBold';
                        return (
                          <tr>
                            <td>{String(r.ProductNo ?? '')}</td>
                            <td>
                              {r.Type === 'TextBold' ? (
                                <strong>{String(r.Name ?? '')}</strong>
                              ) : (
                                String(r.Name ?? '')
                              )}
                            </td>
                            <td class="num">{text ? '' : quantity(r.Quantity)}</td>
                            <td class="num">{text ? '' : kroner(r.Price)}</td>
                            <td class="num">{text ? '' : quantity(r.DiscountRate)}</td>
                            <td class="num">{text ? '' : quantity(r.VatRate)}</td>
                            <td>{dimensions(c, r)}</td>
                          </tr>
                        );
                      })}
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
    const v = BigInt(w) * 100n + BigInt(`${f}00`.slice(0, 2));
    return s.startsWith('-') ? -v : v;
  };
  const diff = cents(a) - cents(b);
  const abs = diff < 0n ? -diff : diff;
  return `${diff < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}
