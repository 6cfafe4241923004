// Scenario: on Kjøring, Varelinjer and Fritekstlinjer the office narrows the list to a date range
// and turns the order: «Fra dato»/«Til dato» keep only the entries inside it, newest first
// unless «Eldste først» is chosen.
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { createFreeTextLine } from '../../workspace/free-text-lines.ts';
import { createMaterialLine } from '../../workspace/material-lines.ts';
import { createProduct } from '../../workspace/products.ts';
import { createTransportEntry } from '../../workspace/transport.ts';
import { createUiHarness, type UiClient } from './test-harness.ts';

const DATES = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'];

describeEachDatabase('web UI: dated lists filter by date range and sort by date', (getDb) => {
  let client: UiClient;

  beforeAll(async () => {
    const db = getDb();
    const h = await createUiHarness(db);
    const ws = h.workspace.id;
    const projectId = h.data.projectId;
    const product = await createProduct(db, ws, { number: 'PUKK', name: 'Pukk', salesPrice: '100' });
    for (const date of DATES) {
      await createTransportEntry(db, ws, { projectId, date, kind: 'km', quantity: '1', unitPrice: '5' });
      await createMaterialLine(db, ws, { projectId, productId: product.id, date, quantity: '1' });
      await createFreeTextLine(db, ws, { projectId, date, text: 'Rigg', quantity: '1', unitPrice: '10' });
    }
    client = await h.login();
  });

  // The dates the list shows, in its order (dd.mm.yyyy in the first column).
  const datesListed = (html: string): string[] =>
    [...html.matchAll(/<tr[^>]*>\s*<td[^>]*>(?:<a[^>]*>)?(\d{2}\.\d{2}\.\d{4})/g)].map((m) => m[1] ?? '');

  for (const path of ['/kjoring', '/varelinjer', '/fritekstlinjer']) {
    it(`${path}: the date range keeps the entries inside it, newest first or oldest first`, async () => {
      const all = await client.get(path);
      expect(datesListed(all.text)).toEqual(['04.03.2026', '03.03.2026', '02.03.2026', '01.03.2026']);
      const range = await client.get(`${path}?fra=02.03.2026&til=03.03.2026`);
      expect(datesListed(range.text)).toEqual(['03.03.2026', '02.03.2026']);
      const oldest = await client.get(`${path}?fra=02.03.2026&sortering=eldst`);
      expect(datesListed(oldest.text)).toEqual(['02.03.2026', '03.03.2026', '04.03.2026']);
    });
  }
});
