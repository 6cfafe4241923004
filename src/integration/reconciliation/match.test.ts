import { describe, expect, it } from 'vitest';
import { matchCustomers, matchEmployees, matchProducts, matchProjects, type RemoteSide } from './match.ts';
import { normaliseName } from './normalise.ts';

const remote = (id: string, name: string, extra: Partial<RemoteSide> = {}): RemoteSide => ({
  id,
  label: `${id} ${name}`,
  name,
  number: id,
  ...extra,
});

describe('normaliseName', () => {
  it('ignores case, whitespace, punctuation and the AS / A/S suffix', () => {
    expect(normaliseName('Nordvik  Bygg A/S')).toBe('nordvik bygg');
    expect(normaliseName('NORDVIK BYGG AS')).toBe('nordvik bygg');
    expect(normaliseName('Nordvik-Bygg, A.S.')).toBe('nordvik bygg');
    expect(normaliseName('Aslak Bygg')).toBe('aslak bygg');
  });
});

describe('matchCustomers', () => {
  const remotes = [
    remote('10001', 'Nordvik Bygg AS', { orgNumber: '923456783', emails: ['post@nordvik.no'] }),
    remote('20417', 'Fjellheim AS', { emails: ['faktura@fjellheim.no'] }),
    remote('20420', 'Solberg Eiendom AS'),
    remote('20430', 'Solberg Eiendom A/S'),
    remote('20440', 'Aukra Næringspark A/S'),
    remote('20450', 'Kun i 24SO AS'),
  ];
  const proposals = matchCustomers(
    [
      { id: 'a', label: 'a', name: 'Helt annet navn', orgNumber: '923 456 783' },
      { id: 'b', label: 'b', name: 'Fjellheim', number: '20417' },
      { id: 'c', label: 'c', name: 'x', number: '1', email: 'Faktura@Fjellheim.no' },
      { id: 'd', label: 'd', name: 'solberg eiendom', number: '3' },
      { id: 'e', label: 'e', name: 'AUKRA NÆRINGSPARK AS', number: '4' },
      { id: 'f', label: 'f', name: 'Ny kunde AS', number: '5' },
    ],
    remotes,
  );
  const of = (id: string | null) => proposals.find((p) => p.localId === id);

  it('matches on org. number first, sure', () => {
    expect(of('a')).toMatchObject({
      remoteId: '10001',
      matchedBy: 'org_number',
      certainty: 'exact',
      ambiguous: false,
    });
  });
  it('a 24SO record two workspace records are sure of is ambiguous for both', () => {
    expect(of('b')).toMatchObject({
      remoteId: null,
      matchedBy: 'number',
      ambiguous: true,
      candidates: ['20417'],
    });
    expect(of('c')).toMatchObject({ remoteId: null, matchedBy: 'email', ambiguous: true });
  });
  it('name-only is ambiguous even with one candidate; several names list them all', () => {
    expect(of('e')).toMatchObject({
      remoteId: '20440',
      matchedBy: 'name',
      certainty: 'name',
      ambiguous: true,
    });
    expect(of('d')).toMatchObject({ remoteId: null, matchedBy: 'name', candidates: ['20420', '20430'] });
  });
  it('no match: nothing proposed; 24SO-only records listed without a workspace side', () => {
    expect(of('f')).toMatchObject({ remoteId: null, certainty: 'none', ambiguous: false });
    expect(proposals.filter((p) => p.localId === null).map((p) => p.remoteId)).toEqual(['20450']);
  });
  it('an existing link wins', () => {
    const [p] = matchCustomers([{ id: 'x', label: 'x', name: 'Nordvik', linkedRemoteId: '20450' }], remotes);
    expect(p).toMatchObject({ remoteId: '20450', matchedBy: 'link', certainty: 'exact' });
  });
});

describe('matchProjects, matchProducts, matchEmployees', () => {
  it('projects by number, then by name within the matched customer only', () => {
    const remotes = [
      remote('1001', 'Boligfelt', { customerId: '10001' }),
      remote('2050', 'VA-anlegg', { customerId: '20417' }),
      remote('2060', 'VA-anlegg', { customerId: '99999' }),
    ];
    const out = matchProjects(
      [
        { id: 'p1', label: 'p1', name: 'Noe annet', number: '1001' },
        { id: 'p2', label: 'p2', name: 'VA anlegg', number: 'X', customerId: 'c2' },
        { id: 'p3', label: 'p3', name: 'VA anlegg', number: 'Y', customerId: 'c9' },
      ],
      remotes,
      new Map([['c2', '20417']]),
    );
    expect(out[0]).toMatchObject({ remoteId: '1001', matchedBy: 'number', ambiguous: false });
    expect(out[1]).toMatchObject({ remoteId: '2050', matchedBy: 'name', ambiguous: true });
    expect(out[2]).toMatchObject({ certainty: 'none' });
  });
  it('products by number only', () => {
    const out = matchProducts(
      [
        { id: 'a', label: 'a', name: 'Pukk', number: 'p-1001' },
        { id: 'b', label: 'b', name: 'Grus 0-16 mm', number: 'P-9' },
      ],
      [remote('106', 'Pukk', { number: 'P-1001' }), remote('107', 'Grus 0-16 mm', { number: 'P-1002' })],
    );
    expect(out[0]).toMatchObject({ remoteId: '106', matchedBy: 'number' });
    expect(out[1]).toMatchObject({ certainty: 'none' });
  });
  it('workers by e-mail, then name; unmatched contacts are not listed', () => {
    const out = matchEmployees(
      [
        { id: 'e1', label: '1', name: 'Ola N', email: 'OLA@demo.no' },
        { id: 'e2', label: '2', name: 'Per Olsen', email: 'per.olsen@demo.no' },
      ],
      [
        remote('501', 'Ola Nordmann', { emails: ['ola@demo.no'] }),
        remote('503', 'Per Olsen', { emails: ['per@olsen.no'] }),
        remote('504', 'Lise Berg'),
      ],
    );
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({ remoteId: '501', matchedBy: 'email', ambiguous: false });
    expect(out[1]).toMatchObject({ remoteId: '503', matchedBy: 'name', ambiguous: true });
  });
});

// Speed at 20,000 × 20,000 is measured in bench/reconciliation.bench.ts (npm run bench), not here.
