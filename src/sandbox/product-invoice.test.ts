import { describe, expect, it } from 'vitest';
import { items, login, soapCall } from '../../test/sandbox-soap.ts';
import { createSandbox } from './server.ts';

function clockAt(iso: string) {
  let now = new Date(iso);
  return { clock: () => now, set: (next: string) => (now = new Date(next)) };
}

const ORDER_PROPS =
  '<invoiceReturnProperties><string>OrderId</string><string>CustomerId</string><string>OrderStatus</string><string>InvoiceId</string><string>OrderTotalIncVat</string><string>OrderTotalVat</string><string>InvoiceRows</string></invoiceReturnProperties>';
const ROW_PROPS =
  '<rowReturnProperties><string>RowId</string><string>ProductNo</string><string>Name</string><string>Quantity</string><string>Price</string><string>UserDefinedDimensions</string></rowReturnProperties>';

describe('ProductService', () => {
  it('saves products per item: a product without category comes back with an APIException', async () => {
    // Scenario: inventory export where one product lacks a category.
    const time = clockAt('2026-11-06T12:00:00Z');
    const sandbox = createSandbox({ seed: 'demo', clock: time.clock });
    const cookie = await login(sandbox);
    const answer = await soapCall(
      sandbox,
      'product',
      'SaveProducts',
      '<products><Product><Name>Kumring 1000 mm</Name><CategoryId>3</CategoryId><InPrice>850.00</InPrice><Price>1290.00</Price><No>P-1005</No></Product><Product><Name>Uten kategori</Name><No>P-1006</No></Product><Product><Id>106</Id><Price>299.00</Price></Product></products>',
      { cookie },
    );
    expect(answer.status).toBe(200);
    const [created, refused, updated] = items(answer.result, 'Product');
    expect(created).toMatchObject({
      Id: '110',
      No: 'P-1005',
      Price: '1290.00',
      DateChanged: '2026-11-06T12:00:00Z',
    });
    expect((refused.APIException as Record<string, string>).Message).toContain('must belong to a category');
    expect(updated).toMatchObject({ Id: '106', Name: 'Pukk 0-32 mm', Price: '299.00' });

    const changed = await soapCall(
      sandbox,
      'product',
      'GetProducts',
      '<searchParams><DateChanged>2026-11-01T00:00:00Z</DateChanged></searchParams><returnProperties><string>No</string><string>Price</string></returnProperties>',
      { cookie, version: '1.2' },
    );
    expect(items(changed.result, 'Product')).toEqual([
      { Price: '299.00', No: 'P-1001' },
      { Price: '1290.00', No: 'P-1005' },
    ]);
  });

  it('lists categories and sets stock quantities', async () => {
    // Scenario: Varelager import reads categories and keeps stock in step.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    const categories = await soapCall(
      sandbox,
      'product',
      'GetCategories',
      '<returnProperties><string>Id</string><string>Name</string></returnProperties>',
      { cookie },
    );
    expect(items(categories.result, 'Category').map((c) => c.Name)).toEqual([
      'Tjenester',
      'Masser',
      'Rør og kum',
      'Utlegg',
    ]);
    expect(
      (
        await soapCall(
          sandbox,
          'product',
          'SetStockQuantity',
          '<productId>109</productId><stockQuantity>575.5</stockQuantity>',
          { cookie },
        )
      ).result,
    ).toBe('true');
    expect(
      (
        await soapCall(
          sandbox,
          'product',
          'SetStockQuantity',
          '<productId>999</productId><stockQuantity>1</stockQuantity>',
          { cookie },
        )
      ).result,
    ).toBe('false');
    const read = await soapCall(
      sandbox,
      'product',
      'GetProducts',
      '<searchParams><No>P-1004</No></searchParams><returnProperties><string>Stock</string></returnProperties>',
      { cookie },
    );
    expect(items(read.result, 'Product')).toEqual([{ Stock: '575.5' }]);
  });
});

describe('InvoiceService', () => {
  it('creates an order with lines and the machine dimension, and reads it back with exact totals', async () => {
    // Scenario: "Lag faktura (24SevenOffice)" turns an invoice attachment into an order.
    const sandbox = createSandbox({ seed: 'demo', clock: () => new Date('2026-11-07T09:00:00Z') });
    const cookie = await login(sandbox);
    const saved = await soapCall(
      sandbox,
      'invoice',
      'SaveInvoices',
      `<invoices><InvoiceOrder>
        <CustomerId>10001</CustomerId><OrderStatus>Web</OrderStatus><ProjectId>1001</ProjectId><OurReference>1</OurReference>
        <IncludeVAT xsi:nil="true" /><InvoiceTitle>Boligfelt Nordvik, uke 45</InvoiceTitle><DepartmentId>1</DepartmentId>
        <InvoiceRows>
          <InvoiceRow><ProductNo>TIME</ProductNo><Price>1350.00</Price><Name>Maskintimer GM-01</Name><Quantity>7.5</Quantity><ChangeState>Add</ChangeState><DepartmentId>1</DepartmentId>
            <UserDefinedDimensions><UserDefinedDimension><TypeId>101</TypeId><Value>GM-01</Value></UserDefinedDimension></UserDefinedDimensions></InvoiceRow>
          <InvoiceRow><ProductId>106</ProductId><Price>289.00</Price><DiscountRate>10</DiscountRate><Quantity>3</Quantity><ChangeState>Add</ChangeState></InvoiceRow>
          <InvoiceRow><Name>Timer iht. timeliste</Name><Type>Text</Type></InvoiceRow>
        </InvoiceRows>
      </InvoiceOrder></invoices>`,
      { cookie },
    );
    const order = items(saved.result, 'InvoiceOrder')[0];
    expect(order.APIException).toBeUndefined();
    expect(order).toMatchObject({
      OrderId: '70005',
      CustomerName: 'Nordvik Bygg AS',
      OrderStatus: 'Web',
      DateChanged: '2026-11-07T09:00:00Z',
    });
    // 7.5 × 1350 + 3 × 289 × 0.9 = 10125 + 780.30 = 10905.30; VAT 25 % = 2726.325 → 2726.33
    expect(order.OrderTotalVat).toBe('2726.33');
    expect(order.OrderTotalIncVat).toBe('13631.63');

    const sync = await soapCall(
      sandbox,
      'invoice',
      'GetOrderSyncList',
      '<syncParams><ChangedAfter>2026-11-01T00:00:00Z</ChangedAfter><RegisteredAfter>0001-01-01T00:00:00</RegisteredAfter></syncParams>',
      { cookie },
    );
    expect(items(sync.result, 'int')).toEqual(['70005']);
    const read = await soapCall(
      sandbox,
      'invoice',
      'GetInvoices',
      `<searchParams><OrderIds><int>70005</int></OrderIds></searchParams>${ORDER_PROPS}${ROW_PROPS}`,
      { cookie, version: '1.2' },
    );
    const back = items(read.result, 'InvoiceOrder')[0];
    // Only what was asked for, plus IncludeVAT, which the schema requires (minOccurs=1, nil when not loaded).
    expect(Object.keys(back)).toEqual([
      'OrderId',
      'CustomerId',
      'OrderStatus',
      'IncludeVAT',
      'OrderTotalIncVat',
      'OrderTotalVat',
      'InvoiceRows',
    ]);
    expect(back.IncludeVAT).toEqual({ '@_nil': 'true' });
    const rows = items(back.InvoiceRows, 'InvoiceRow');
    expect(rows.map((r) => [r.RowId, r.ProductNo, r.Quantity])).toEqual([
      ['1', 'TIME', '7.5'],
      ['2', 'P-1001', '3'],
      ['3', undefined, undefined],
    ]);
    expect(items(rows[0].UserDefinedDimensions, 'UserDefinedDimension')).toEqual([
      { TypeId: '101', Name: 'Maskin', Value: 'GM-01' },
    ]);
  });

  it('refuses per item an unknown customer, an unknown project and an unknown dimension value', async () => {
    // Scenario: a batch of orders where some point at records 24SO does not have.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    const answer = await soapCall(
      sandbox,
      'invoice',
      'SaveInvoices',
      `<invoices>
        <InvoiceOrder><CustomerId>99999</CustomerId><IncludeVAT xsi:nil="true" /></InvoiceOrder>
        <InvoiceOrder><CustomerId>10001</CustomerId><ProjectId>4711</ProjectId><IncludeVAT xsi:nil="true" /></InvoiceOrder>
        <InvoiceOrder><CustomerId>10001</CustomerId><IncludeVAT xsi:nil="true" /><InvoiceRows><InvoiceRow><ProductId>101</ProductId><Quantity>1</Quantity><UserDefinedDimensions><UserDefinedDimension><TypeId>101</TypeId><Value>DU-01</Value></UserDefinedDimension></UserDefinedDimensions></InvoiceRow></InvoiceRows></InvoiceOrder>
        <InvoiceOrder><CustomerId>20417</CustomerId><IncludeVAT xsi:nil="true" /></InvoiceOrder>
      </invoices>`,
      { cookie },
    );
    expect(answer.status).toBe(200);
    const results = items(answer.result, 'InvoiceOrder');
    const messages = results.map((o) => (o.APIException as Record<string, string> | undefined)?.Message);
    expect(messages[0]).toContain('Customer 99999 does not exist');
    expect(messages[1]).toContain('Project 4711 does not exist');
    expect(messages[2]).toContain("'DU-01' does not exist");
    expect(messages[3]).toBeUndefined();
    expect(results[3].OrderId).toBe('70005');
    expect(sandbox.state.clients[0].orders).toHaveLength(5);
  });

  it('edits rows of an open order by ChangeState and refuses any edit of an invoiced one', async () => {
    // Scenario: an hour changed after transfer updates its order line; invoiced orders are frozen.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    const edit = await soapCall(
      sandbox,
      'invoice',
      'SaveInvoices',
      '<invoices><InvoiceOrder><OrderId>70002</OrderId><IncludeVAT xsi:nil="true" /><InvoiceRows><InvoiceRow><RowId>2</RowId><Quantity>8</Quantity><ChangeState>Edit</ChangeState></InvoiceRow><InvoiceRow><RowId>4</RowId><ChangeState>Delete</ChangeState></InvoiceRow></InvoiceRows></InvoiceOrder></invoices>',
      { cookie },
    );
    const order = items(edit.result, 'InvoiceOrder')[0];
    expect(order.APIException).toBeUndefined();
    expect(items(order.InvoiceRows, 'InvoiceRow').map((r) => [r.RowId, r.Quantity])).toEqual([
      ['1', '7'],
      ['2', '8'],
      ['3', '18'],
    ]);

    const frozen = await soapCall(
      sandbox,
      'invoice',
      'SaveInvoices',
      '<invoices><InvoiceOrder><OrderId>70001</OrderId><InvoiceTitle>Ny tittel</InvoiceTitle><IncludeVAT xsi:nil="true" /></InvoiceOrder></invoices>',
      { cookie },
    );
    expect(
      (items(frozen.result, 'InvoiceOrder')[0].APIException as Record<string, string>).Message,
    ).toContain('is invoiced');
    expect(sandbox.state.clients[0].orders.find((o) => o.OrderId === 70001)?.InvoiceTitle).toBe(
      'Vedlikehold veier 2025',
    );
  });

  it('refuses more than 1000 OrderIds in one GetInvoices', async () => {
    // Scenario: the client must split a full order sync into calls of at most 1000 ids.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    const ids = Array.from({ length: 1001 }, (_, i) => `<int>${70000 + i}</int>`).join('');
    const answer = await soapCall(
      sandbox,
      'invoice',
      'GetInvoices',
      `<searchParams><OrderIds>${ids}</OrderIds></searchParams>${ORDER_PROPS}`,
      { cookie },
    );
    expect(answer.status).toBe(500);
    expect(answer.fault).toContain('Maximum 1000 OrderIds');
    const ok = await soapCall(
      sandbox,
      'invoice',
      'GetInvoices',
      `<searchParams><OrderIds>${ids.slice(0, ids.lastIndexOf('<int>'))}</OrderIds></searchParams>${ORDER_PROPS}`,
      { cookie },
    );
    expect(items(ok.result, 'InvoiceOrder')).toHaveLength(4);
  });
});

describe('UpdateInvoices', () => {
  it('changes only the title and reference of an invoiced document, answering per item', async () => {
    // Scenario: an invoice already sent gets a corrected title; nothing else about it may change.
    const sandbox = createSandbox({ seed: 'demo' });
    const cookie = await login(sandbox);
    const before = structuredClone(sandbox.state.clients[0].orders.find((o) => o.OrderId === 70001));
    const answer = await soapCall(
      sandbox,
      'invoice',
      'UpdateInvoices',
      '<invoices><InvoiceOrder><OrderId>70001</OrderId><CustomerId>10002</CustomerId><InvoiceTitle>Rettet tittel</InvoiceTitle><ReferenceNumber>REF-9</ReferenceNumber><IncludeVAT xsi:nil="true" /></InvoiceOrder><InvoiceOrder><OrderId>79999</OrderId><InvoiceTitle>Finnes ikke</InvoiceTitle><IncludeVAT xsi:nil="true" /></InvoiceOrder></invoices>',
      { cookie },
    );
    expect(answer.status).toBe(200);
    const [updated, missing] = items(answer.result, 'InvoiceOrder');
    expect(updated).toMatchObject({
      OrderId: '70001',
      InvoiceTitle: 'Rettet tittel',
      ReferenceNumber: 'REF-9',
    });
    expect(updated.APIException).toBeUndefined();
    expect((missing.APIException as Record<string, string>).Message).toBe('Invoice does not exist.');
    const after = sandbox.state.clients[0].orders.find((o) => o.OrderId === 70001);
    expect(after?.CustomerId).toBe(before?.CustomerId);
    expect(after?.InvoiceRows).toEqual(before?.InvoiceRows);
  });
});
