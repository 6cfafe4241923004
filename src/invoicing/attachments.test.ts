// Scenario: a project's invoice basis lists what is billable, exactly to the øre; attachments
// take all of it, a period or ticked lines, freeze them, and give them back when deleted.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import { approveHours, unapproveHour } from '../workspace/hour-approval.ts';
import { updateMaterialLine } from '../workspace/material-lines.ts';
import { createProject } from '../workspace/projects.ts';
import { caught } from '../workspace/test-support.ts';
import { softDeleteTransportEntry, updateTransportEntry } from '../workspace/transport.ts';
import { attachmentView } from './attachment-schemas.ts';
import { createInvoiceAttachment, deleteInvoiceAttachment, getInvoiceAttachment } from './attachments.ts';
import { getInvoiceBasis } from './basis.ts';
import { invoicingFixture } from './invoicing-fixture.ts';

describeEachDatabase('invoice basis and attachments', (getDb) => {
  it('lists approved billable hours at machine or hour-type price, transport, materials and free text with exact totals', async () => {
    const db = getDb();
    const f = await invoicingFixture(db);
    const basis = await getInvoiceBasis(db, f.workspaceId, f.projectId);
    expect(basis.customer?.name).toBe('Nordvik Bygg AS');
    const bySource = new Map(basis.lines.map((l) => [l.sourceId, l]));
    expect(bySource.get(f.hourIds.machine)).toMatchObject({
      kind: 'hour',
      quantity: '7',
      unitPrice: '1350.00',
      amount: '9450.00',
      machine: 'GM-01 Gravemaskin Volvo EC220',
      hourType: 'ORD Ordinær',
      employee: 'Ola Nordmann',
    });
    expect(bySource.get(f.hourIds.ordinary2)).toMatchObject({
      quantity: '2.25',
      unitPrice: '895.00',
      amount: '2013.75',
    });
    expect(bySource.has(f.hourIds.unapproved)).toBe(false);
    expect(bySource.has(f.hourIds.internal)).toBe(false);
    expect(bySource.get(f.kmId)).toMatchObject({ kind: 'transport', quantity: '42.5', amount: '193.38' });
    expect(bySource.get(f.materialId)).toMatchObject({
      kind: 'material',
      product: 'P-1001 Pukk 0-32 mm',
      amount: '5202.00',
    });
    expect(bySource.get(f.freeTextId)).toMatchObject({
      kind: 'freeText',
      text: 'Rigg og drift',
      amount: '4500.00',
    });
    expect(basis.lines).toHaveLength(7);
    expect(basis.groups).toEqual([
      { kind: 'hour', label: 'Timer', count: 3, net: '18176.25' },
      { kind: 'transport', label: 'Kjøring', count: 2, net: '297.38' },
      { kind: 'material', label: 'Varer', count: 1, net: '5202.00' },
      { kind: 'freeText', label: 'Fritekst', count: 1, net: '4500.00' },
    ]);
    // Net 28175.625 exactly: 24SO rounds VAT (7043.90625) and the gross (35219.53125) once each.
    expect(basis.totals).toEqual({ net: '28175.62', vat: '7043.91', gross: '35219.53' });
  });

  it('takes a period or ticked lines, freezes them and gives them back when deleted', async () => {
    const db = getDb();
    const f = await invoicingFixture(db);
    const ws = f.workspaceId;
    const march1to15 = await createInvoiceAttachment(
      db,
      ws,
      f.projectId,
      { from: '2025-03-01', to: '2025-03-15' },
      'admin',
    );
    expect(march1to15.lines.map((l) => l.sourceId).sort()).toEqual(
      [f.hourIds.machine, f.hourIds.ordinary1, f.kmId, f.materialId].sort(),
    );
    expect(march1to15.row.number).toBe(1);
    const rest = await getInvoiceBasis(db, ws, f.projectId);
    expect(rest.lines.map((l) => l.sourceId).sort()).toEqual(
      [f.hourIds.ordinary2, f.tollId, f.freeTextId].sort(),
    );

    // Frozen: the hour cannot be un-approved, the entries not changed or deleted.
    expect(await caught(() => unapproveHour(db, ws, f.hourIds.machine, 'admin'))).toMatchObject({
      code: 'rule_violation',
      message: expect.stringContaining('fakturavedlegg'),
    });
    expect(await caught(() => updateTransportEntry(db, ws, f.kmId, { quantity: '1' }))).toMatchObject({
      code: 'rule_violation',
    });
    expect(await caught(() => softDeleteTransportEntry(db, ws, f.kmId))).toMatchObject({
      code: 'rule_violation',
    });
    expect(await caught(() => updateMaterialLine(db, ws, f.materialId, { quantity: '1' }))).toMatchObject({
      code: 'rule_violation',
    });

    // A ticked line already taken cannot be taken again.
    expect(
      await caught(() =>
        createInvoiceAttachment(
          db,
          ws,
          f.projectId,
          { lines: [{ kind: 'hour', id: f.hourIds.machine }] },
          'admin',
        ),
      ),
    ).toMatchObject({ code: 'conflict' });
    const ticked = await createInvoiceAttachment(
      db,
      ws,
      f.projectId,
      {
        lines: [
          { kind: 'freeText', id: f.freeTextId },
          { kind: 'transport', id: f.tollId },
        ],
      },
      'admin',
    );
    expect(ticked.row.number).toBe(2);
    const view = await attachmentView(db, ws, ticked);
    expect(view.totals).toEqual({ net: '4604.00', vat: '1151.00', gross: '5755.00' });

    expect(await deleteInvoiceAttachment(db, ws, march1to15.row.id)).toBe(true);
    expect(await getInvoiceAttachment(db, ws, march1to15.row.id)).toBeUndefined();
    const back = await getInvoiceBasis(db, ws, f.projectId);
    expect(back.lines.map((l) => l.sourceId).sort()).toEqual(
      [f.hourIds.machine, f.hourIds.ordinary1, f.hourIds.ordinary2, f.kmId, f.materialId].sort(),
    );
    await unapproveHour(db, ws, f.hourIds.machine, 'admin');
    await approveHours(db, ws, [f.hourIds.machine], 'admin');
  });

  it('two concurrent creates never take the same line', async () => {
    const db = getDb();
    const f = await invoicingFixture(db);
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => createInvoiceAttachment(db, f.workspaceId, f.projectId, {}, 'admin')),
    );
    const made = results.filter((r) => r.status === 'fulfilled');
    expect(made).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected')
        expect(r.reason).toMatchObject({ code: expect.stringMatching(/conflict|rule_violation/) });
    const taken = await db
      .selectFrom('invoice_attachment_lines')
      .select('source_id')
      .where('workspace_id', '=', f.workspaceId)
      .execute();
    expect(taken).toHaveLength(7);
  });

  it('refuses an empty selection and a project without customer in Norwegian', async () => {
    const db = getDb();
    const f = await invoicingFixture(db);
    expect(
      await caught(() =>
        createInvoiceAttachment(db, f.workspaceId, f.projectId, { from: '2026-01-01' }, 'admin'),
      ),
    ).toMatchObject({ code: 'rule_violation', message: expect.stringContaining('ingen linjer') });
    const bare = await createProject(db, f.workspaceId, { number: '9001', name: 'Uten kunde' });
    expect(
      await caught(() => createInvoiceAttachment(db, f.workspaceId, bare.id, {}, 'admin')),
    ).toMatchObject({
      code: 'rule_violation',
      message: expect.stringContaining('har ingen kunde'),
    });
  });
});
