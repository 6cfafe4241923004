// Scenario: values cross the wire in the exact forms 24SO's schema allows, and come back typed.
import { describe, expect, it } from 'vitest';
import {
  formatDateTime,
  formatDecimal,
  parseDateTime,
  RequestValueError,
  readObject,
  writeFields,
} from './codec.ts';
import { companySpec } from './schema/company.ts';
import { invoiceOrderSpec } from './schema/invoice.ts';
import { projectSpec } from './schema/project.ts';
import { parseXml } from './xml.ts';

const NS = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

function parsed(xml: string): unknown {
  return Object.values(parseXml(xml))[0];
}

describe('formatDecimal', () => {
  it('never writes exponent form', () => {
    expect(formatDecimal(1e21)).toBe('1000000000000000000000');
    expect(formatDecimal(1e-7)).toBe('0.0000001');
    expect(formatDecimal(1_000_000)).toBe('1000000');
    expect(formatDecimal('739.50')).toBe('739.50');
  });

  it('refuses strings that are not plain decimals', () => {
    expect(() => formatDecimal('1e6')).toThrow(RequestValueError);
    expect(() => formatDecimal('12,50')).toThrow(RequestValueError);
    expect(() => formatDecimal(Number.NaN)).toThrow(RequestValueError);
  });
});

describe('dates', () => {
  it('are sent as UTC without milliseconds', () => {
    expect(formatDateTime(new Date('2024-05-06T08:00:00.123+02:00'))).toBe('2024-05-06T06:00:00Z');
  });

  it('are read as UTC whether zoned, zone-less or date-only; MinValue is unset', () => {
    expect(parseDateTime('2015-09-23T10:41:00Z')?.toISOString()).toBe('2015-09-23T10:41:00.000Z');
    expect(parseDateTime('2015-09-23T10:41:00')?.toISOString()).toBe('2015-09-23T10:41:00.000Z');
    expect(parseDateTime('2015-09-23T12:41:00+02:00')?.toISOString()).toBe('2015-09-23T10:41:00.000Z');
    expect(parseDateTime('1995-01-01')?.toISOString()).toBe('1995-01-01T00:00:00.000Z');
    expect(parseDateTime('0001-01-01T00:00:00')).toBeUndefined();
  });
});

describe('writeFields', () => {
  it('writes in schema order whatever order the object has', () => {
    const xml = writeFields(companySpec, {
      type: 'Business',
      name: 'Nordvik Bygg AS',
      id: 10001,
      organizationNumber: '923456783',
    });
    expect(xml).toBe(
      '<Id>10001</Id><OrganizationNumber>923456783</OrganizationNumber><Name>Nordvik Bygg AS</Name><Type>Business</Type>',
    );
  });

  it('escapes text and omits unset values', () => {
    expect(writeFields(companySpec, { name: 'Bygg & Anlegg <AS>', note: undefined })).toBe(
      '<Name>Bygg &amp; Anlegg &lt;AS&gt;</Name>',
    );
  });

  it('writes a required nillable value as xsi:nil and refuses a missing required one', () => {
    expect(writeFields(invoiceOrderSpec, { customerId: 1 })).toBe(
      '<CustomerId>1</CustomerId><IncludeVAT xsi:nil="true"/>',
    );
    expect(() => writeFields(projectSpec, { name: 'X', timeReg: 'WorkType' })).toThrow(/nameDisplay/);
  });

  it('refuses a fractional number where the schema wants an integer', () => {
    expect(() => writeFields(companySpec, { id: 1.5 })).toThrow(RequestValueError);
  });
});

describe('readObject', () => {
  it('keeps org numbers as strings with leading zeros and ids as numbers', () => {
    const company = readObject(
      companySpec,
      parsed('<Company><Id>42</Id><OrganizationNumber>012345678</OrganizationNumber></Company>'),
    );
    expect(company).toEqual({ id: 42, organizationNumber: '012345678' });
  });

  it('reads omitted, empty and xsi:nil values alike', () => {
    const xml = `<Company ${NS}><Name></Name><Note xsi:nil="true"/><Id>7</Id><Addresses><Post xsi:nil="true"/></Addresses></Company>`;
    expect(readObject(companySpec, parsed(xml))).toEqual({ id: 7 });
  });

  it('reads a single array item as an array, and an empty or nil list like an omitted one', () => {
    const one = readObject(
      projectSpec,
      parsed('<Project><Participants><int>1001</int></Participants></Project>'),
    );
    expect(one).toEqual({ participants: [1001] });
    const none = readObject(projectSpec, parsed(`<Project ${NS}><Participants xsi:nil="true"/></Project>`));
    expect(none).toEqual({});
    expect(readObject(projectSpec, parsed('<Project><Participants></Participants></Project>'))).toEqual({});
  });

  it('treats .NET MinValue sentinels as unset and keeps decimals as strings', () => {
    const order = readObject(
      invoiceOrderSpec,
      parsed(
        '<InvoiceOrder><OrderId>-2147483648</OrderId><OrderTotalIncVat>1250.00</OrderTotalIncVat><DateInvoiced>0001-01-01T00:00:00</DateInvoiced></InvoiceOrder>',
      ),
    );
    expect(order).toEqual({ orderTotalIncVat: '1250.00' });
  });

  it('ignores elements the schema does not know, as the .NET serializer does', () => {
    expect(readObject(companySpec, parsed('<Company><Id>1</Id><Surprise>x</Surprise></Company>'))).toEqual({
      id: 1,
    });
  });
});

describe('error paths', () => {
  it('name the offending field in requests and responses', () => {
    expect(() => writeFields(companySpec, { addresses: { post: { street: 7 } } } as never)).toThrow(
      'Company.addresses.post.street: expected a string',
    );
    expect(() =>
      readObject(
        projectSpec,
        parsed('<Project><Participants><int>1</int><int>x</int></Participants></Project>'),
      ),
    ).toThrow('Project.participants[1]: not an integer: "x"');
  });
});
