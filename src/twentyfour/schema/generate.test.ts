// Scenario: someone edits a WSDL or a generated schema file by hand; the drift is caught.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { camelKey, GENERATED_SERVICES, generateModule, modulePath } from './generate.ts';

// The committed files are formatted by Biome; formatting changes only layout, so compare tokens.
const tokens = (source: string): string =>
  source
    .replace(/\s+/g, '')
    .replace(/=\|/g, '=')
    .replace(/,([\])}])/g, '$1');

describe('generated schema modules', () => {
  it.each(GENERATED_SERVICES.map((s) => [s.module, s] as const))(
    '%s.ts is what the WSDL generates',
    (_name, service) => {
      expect(tokens(readFileSync(modulePath(service.module), 'utf8'))).toBe(tokens(generateModule(service)));
    },
  );

  it('notices a field out of WSDL order', () => {
    const company = GENERATED_SERVICES.find((s) => s.module === 'company');
    const source = readFileSync(modulePath('company'), 'utf8');
    const swapped = source
      .replace("['Id', 'id', 'int'],", '')
      .replace("['Name', 'name', 'string'],", "['Name', 'name', 'string'],\n  ['Id', 'id', 'int'],");
    expect(swapped).not.toBe(source);
    expect(tokens(swapped)).not.toBe(tokens(generateModule(company as (typeof GENERATED_SERVICES)[number])));
  });

  it('turns PascalCase XML names into the camelCase keys callers use', () => {
    const names = [
      'APIException',
      'PriceGroupID',
      'EAN1',
      'IBAN',
      'GLNNumber',
      'IncludeVAT',
      'Ps',
      'OrganizationNumber',
    ];
    expect(names.map(camelKey)).toEqual([
      'apiException',
      'priceGroupId',
      'ean1',
      'iban',
      'glnNumber',
      'includeVat',
      'ps',
      'organizationNumber',
    ]);
  });
});
