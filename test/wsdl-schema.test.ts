// Scenario: a test checks XML against a vendor WSDL's schema and sees real violations reported.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VENDOR_WSDL_SHA256 } from './vendor-wsdl.ts';
import {
  bodyElementXml,
  VENDOR_WSDL_DIR,
  validateOperationsXml,
  validateOperationXml,
} from './wsdl-schema.ts';

const LOGIN_ENVELOPE = `<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <soap:Body>
    <Login xmlns="http://24sevenOffice.com/webservices">
      <credential>
        <ApplicationId>3f1c2b7e-0c1d-4e59-9a55-2f3a4b5c6d7e</ApplicationId>
        <Password>s3cret</Password>
        <Username>api-user@example.com</Username>
      </credential>
    </Login>
  </soap:Body>
</soap:Envelope>`;

describe('validateOperationXml', () => {
  it('accepts a schema-valid Login envelope (guid helper schema resolved)', async () => {
    expect(await validateOperationXml('authService.wsdl', LOGIN_ENVELOPE)).toEqual({
      valid: true,
      errors: [],
    });
  });

  it('rejects a guid that is not a guid', async () => {
    const bad = LOGIN_ENVELOPE.replace('3f1c2b7e-0c1d-4e59-9a55-2f3a4b5c6d7e', 'not-a-guid');
    const result = await validateOperationXml('authService.wsdl', bad);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toContain('ApplicationId');
  });

  it('rejects elements out of schema order', async () => {
    const swapped = LOGIN_ENVELOPE.replace(
      '<Password>s3cret</Password>\n        <Username>api-user@example.com</Username>',
      '<Username>api-user@example.com</Username><Password>s3cret</Password>',
    );
    const result = await validateOperationXml('authService.wsdl', swapped);
    expect(result.valid).toBe(false);
  });

  it('rejects decimals in exponent form and accepts plain digits', async () => {
    const op = (price: string) =>
      `<SetStockQuantity xmlns="http://24sevenOffice.com/webservices"><productId>1</productId><stockQuantity>${price}</stockQuantity></SetStockQuantity>`;
    expect((await validateOperationXml('productService.wsdl', op('1000000.50'))).valid).toBe(true);
    expect((await validateOperationXml('productService.wsdl', op('1e+06'))).valid).toBe(false);
  });

  it('knows the different namespace of TransactionService', async () => {
    const ok = `<GetUserDefinedDimensionValues xmlns="http://24sevenoffice.com/webservices/economy/accounting/"><DimensionType>101</DimensionType></GetUserDefinedDimensionValues>`;
    expect((await validateOperationXml('transactionService.wsdl', ok)).valid).toBe(true);
    const wrongNs = ok.replace(
      'http://24sevenoffice.com/webservices/economy/accounting/',
      'http://24sevenOffice.com/webservices',
    );
    expect((await validateOperationXml('transactionService.wsdl', wrongNs)).valid).toBe(false);
  });

  it('honours xsi:nil only where the schema says nillable', async () => {
    const order = (inner: string) =>
      `<SaveInvoices xmlns="http://24sevenOffice.com/webservices" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><invoices><InvoiceOrder>${inner}</InvoiceOrder></invoices></SaveInvoices>`;
    expect(
      (
        await validateOperationXml(
          'invoiceService.wsdl',
          order('<CustomerId>1</CustomerId><IncludeVAT xsi:nil="true"/>'),
        )
      ).valid,
    ).toBe(true);
    expect(
      (
        await validateOperationXml(
          'invoiceService.wsdl',
          order('<CustomerId xsi:nil="true"/><IncludeVAT xsi:nil="true"/>'),
        )
      ).valid,
    ).toBe(false);
  });

  it('loads the schema of every vendor WSDL', async () => {
    // Every published vendor file that this checkout has (all ten beside ../shared, the eight
    // the sandbox serves otherwise); our own TimeService WSDL is not a vendor file.
    const files = readdirSync(VENDOR_WSDL_DIR).filter((f) => f in VENDOR_WSDL_SHA256);
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files) {
      // An element that exists in no schema is reported as such, which proves the schema compiled.
      const result = await validateOperationXml(file, '<NoSuchOperation xmlns="urn:none"/>');
      expect(result.valid, file).toBe(false);
      expect(result.errors.join('\n'), file).toMatch(/No matching global declaration/);
    }
  });
});

describe('bodyElementXml', () => {
  it('lifts the body child out and keeps the envelope namespace declarations it may use', () => {
    const xml = bodyElementXml(
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><s:Body><A xmlns="urn:a"><B xsi:nil="true"/></A></s:Body></s:Envelope>',
    );
    expect(xml).toBe(
      '<A xmlns="urn:a" xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><B xsi:nil="true"/></A>',
    );
  });
});

describe('validateOperationsXml', () => {
  it('validates many documents in one run and reports each one on its own', async () => {
    const good = LOGIN_ENVELOPE;
    const bad = LOGIN_ENVELOPE.replace('3f1c2b7e-0c1d-4e59-9a55-2f3a4b5c6d7e', 'not-a-guid');
    const results = await validateOperationsXml('authService.wsdl', [good, bad, good]);
    expect(results.map((r) => r.valid)).toEqual([true, false, true]);
    expect(results[1]?.errors.join('\n')).toContain('ApplicationId');
    expect(results[0]?.errors).toEqual([]);
  });
});
