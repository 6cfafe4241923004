// Scenario: the office imports a month of material withdrawals and free-text lines from a
// spreadsheet; every rule the forms apply holds, and a single bad row stops the whole import.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/databases.ts';
import { listFreeTextLines } from '../free-text-lines.ts';
import { listMaterialLines } from '../material-lines.ts';
import { createProduct } from '../products.ts';
import { hoursFixture } from '../workspace-fixture.ts';
import { commitCsvImport } from './import.ts';

describeEachDatabase('CSV import of material and free-text lines', (getDb) => {
  it('imports material lines (price from the product when empty) and free-text lines', async () => {
    const db = getDb();
    const f = await hoursFixture(db);
    await createProduct(db, f.workspaceId, {
      number: 'P-1001',
      name: 'Pukk 0-32 mm',
      unit: 'tonn',
      salesPrice: '289.00',
    });
    const materials =
      'prosjektnummer;varenummer;dato;antall;pris;merknad\n1001;P-1001;14.03.2025;18;;Byggegrop\n1001;p-1001;2025-03-15;2,5;250,00;\n';
    expect(await commitCsvImport(db, f.workspaceId, 'material-lines', materials, 'admin')).toEqual({
      ok: true,
      entity: 'material-lines',
      imported: 2,
    });
    const lines = (await listMaterialLines(db, f.workspaceId, { projectId: f.projectId })).items;
    expect(lines.map((l) => [l.date, l.quantity, l.unitPrice, l.amount])).toEqual([
      ['2025-03-14', '18', '289.00', '5202.00'],
      ['2025-03-15', '2.5', '250.00', '625.00'],
    ]);
    const texts =
      'prosjektnummer;dato;tekst;antall;pris\n1001;31.03.2025;Rigg og drift;1;4 500,00\n1001;31.03.2025;Rabatt;1;-500\n';
    expect(await commitCsvImport(db, f.workspaceId, 'free-text-lines', texts, 'admin')).toMatchObject({
      ok: true,
      imported: 2,
    });
    const free = (await listFreeTextLines(db, f.workspaceId, { projectId: f.projectId })).items;
    expect(free.map((l) => [l.text, l.amount])).toEqual([
      ['Rigg og drift', '4500.00'],
      ['Rabatt', '-500.00'],
    ]);
  });

  it('names each bad cell in Norwegian and imports nothing', async () => {
    const db = getDb();
    const f = await hoursFixture(db);
    const csv = 'prosjektnummer;varenummer;dato;antall;pris\n9999;P-404;31.02.2025;1,234;-5\n';
    const result = await commitCsvImport(db, f.workspaceId, 'material-lines', csv, 'admin');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const messages = result.errors.map((e) => `${e.column}: ${e.message}`).join('\n');
    expect(messages).toContain('Prosjekt 9999 finnes ikke.');
    expect(messages).toContain('Vare P-404 finnes ikke i varelageret.');
    expect(messages).toMatch(/antall: .*høyst 2 desimaler/);
    expect((await listMaterialLines(db, f.workspaceId)).items).toEqual([]);
  });
});
