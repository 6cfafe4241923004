// Scenario: the order preview shows exactly the order Broen will create — single or multi-line,
// hours grouped by hour type and machine, each line's product, the machine dimension — and
// lists every blocker before «Lag faktura (24SevenOffice)» can be used.
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/databases.ts';
import type { Db } from '../db/database.ts';
import { defaultSettings, type IntegrationSettings } from '../integration/settings-schema.ts';
import { createInvoiceAttachment } from './attachments.ts';
import { projectWithCustomer } from './basis.ts';
import { invoicingFixture } from './invoicing-fixture.ts';
import { computePreview, type PreviewInput } from './preview.ts';
import { previewView } from './preview-view.ts';

const PRODUCTS = {
  ok: true as const,
  items: [
    { id: '101', name: 'Timer', no: 'TIME', taxRate: '25' },
    { id: '102', name: 'Kjøring', no: 'KM', taxRate: '25' },
    { id: '103', name: 'Bomring', no: 'BOM', taxRate: '0' },
    { id: '104', name: 'Andre utgifter', no: 'UTL', taxRate: '25' },
    { id: '105', name: 'Fritekst', no: 'FRI', taxRate: '25' },
    { id: '106', name: 'Pukk', no: 'P-1001', taxRate: '25' },
  ],
};
const DIMENSIONS = {
  ok: true as const,
  items: [
    { id: '101:GM-01', name: 'Gravemaskin Volvo EC220', typeId: '101', typeName: 'Maskin', value: 'GM-01' },
  ],
};

function settingsWith(change: (s: IntegrationSettings) => void): IntegrationSettings {
  const s = defaultSettings();
  s.invoicing.productNo = {
    hours: 'TIME',
    transport: { km: 'KM', toll: 'BOM', other: 'UTL' },
    freeText: 'FRI',
  };
  s.invoicing.dimensionByMachine = { 'GM-01': '101:GM-01' };
  change(s);
  return s;
}

async function inputFor(db: Db, settings: IntegrationSettings): Promise<PreviewInput> {
  const f = await invoicingFixture(db);
  const attachment = await createInvoiceAttachment(db, f.workspaceId, f.projectId, {}, 'admin');
  const { project, customer } = await projectWithCustomer(db, f.workspaceId, f.projectId);
  if (!customer) throw new Error('fixture has a customer');
  return {
    attachment,
    project,
    customer,
    settings,
    customerId24: 10001,
    projectId24: 2001,
    products: PRODUCTS,
    dimensions: DIMENSIONS,
    ourReference: undefined,
    ourReferenceName: undefined,
    today: '2025-04-01',
  };
}

describeEachDatabase('order preview', (getDb) => {
  it('multi-line, grouped: hours per hour type and machine with the machine dimension, each line its product', async () => {
    const input = await inputFor(
      getDb(),
      settingsWith(() => {}),
    );
    const p = computePreview(input);
    expect(p.blockers).toEqual([]);
    const view = previewView(p);
    expect(view.rows).toEqual([
      expect.objectContaining({
        productNo: 'TIME',
        name: 'Ordinær – GM-01 Gravemaskin Volvo EC220',
        quantity: '7',
        unitPrice: '1350.00',
        dimension: 'Maskin: GM-01 (Gravemaskin Volvo EC220)',
        sourceLines: 1,
      }),
      expect.objectContaining({
        productNo: 'TIME',
        name: 'Ordinær',
        quantity: '9.75',
        unitPrice: '895.00',
        amount: '8726.25',
        dimension: 'uten dimensjon',
        sourceLines: 2,
      }),
      expect.objectContaining({ productNo: 'KM', quantity: '42.5', amount: '193.38', vatRate: '25' }),
      expect.objectContaining({ productNo: 'BOM', quantity: '2', amount: '104.00', vatRate: '0' }),
      expect.objectContaining({
        productNo: 'P-1001',
        name: 'Pukk 0-32 mm',
        quantity: '18',
        amount: '5202.00',
      }),
      expect.objectContaining({ productNo: 'FRI', name: 'Rigg og drift', amount: '4500.00' }),
    ]);
    // Toll at 0 %: VAT = 25 % of (28175.625 − 104) = 7017.90625.
    expect(view.totals).toEqual({ net: '28175.62', vat: '7017.91', gross: '35193.53' });
    expect(p.order).toMatchObject({
      customerId: 10001,
      projectId: 2001,
      orderStatus: 'Web',
      paymentTime: 14,
      referenceNumber: expect.stringMatching(/^BROEN-FV1-/),
      deliveryDate: new Date('2025-03-25T00:00:00Z'),
    });
    expect(p.order?.invoiceRows?.[0]).toMatchObject({
      productId: 101,
      quantity: '7',
      price: '1350.00',
      userDefinedDimensions: [{ typeId: 101, value: 'GM-01' }],
    });
    expect(p.order?.invoiceRows?.[1]?.userDefinedDimensions).toBeUndefined();
  });

  it('multi-line without grouping keeps each hour; single-line is one line with the total and the hours product', async () => {
    const ungrouped = computePreview(
      await inputFor(
        getDb(),
        settingsWith((s) => {
          s.invoicing.groupHoursByType = false;
        }),
      ),
    );
    expect(ungrouped.rows.filter((r) => r.kind === 'hour')).toHaveLength(3);
    const single = previewView(
      computePreview(
        await inputFor(
          getDb(),
          settingsWith((s) => {
            s.invoicing.invoiceType = 'single-line';
          }),
        ),
      ),
    );
    expect(single.rows).toEqual([
      expect.objectContaining({ productNo: 'TIME', quantity: '1', unitPrice: '28175.63', sourceLines: 7 }),
    ]);
    expect(single.totals).toEqual({ net: '28175.63', vat: '7043.91', gross: '35219.54' });
  });

  it('lists every blocker: not in 24SO, product number missing or unknown, a line without price', async () => {
    const input = await inputFor(
      getDb(),
      settingsWith((s) => {
        s.invoicing.productNo.freeText = null;
        s.invoicing.productNo.transport = { km: 'KM', toll: 'NOPE', other: 'UTL' };
      }),
    );
    input.customerId24 = undefined;
    input.projectId24 = undefined;
    const first = input.attachment.lines[0];
    if (first) first.unitPriceOre = 0;
    const p = computePreview(input);
    expect(p.order).toBeNull();
    expect(p.blockers.map((b) => b.code)).toEqual([
      'customer_not_linked',
      'project_not_linked',
      'no_price',
      'product_unknown',
      'product_missing',
    ]);
    expect(p.blockers[0]?.message).toContain('Kunden 10001 Nordvik Bygg AS finnes ikke i 24SevenOffice');
    expect(p.blockers.find((b) => b.code === 'product_unknown')?.message).toContain('«NOPE»');
    expect(p.blockers.find((b) => b.code === 'product_missing')?.message).toContain('fritekstlinjer');
    const offline = computePreview({
      ...input,
      products: { ok: false, state: 'not_connected', message: 'Ikke koblet til.' },
    });
    expect(offline.blockers.map((b) => b.code)).toContain('not_connected');
  });
});
