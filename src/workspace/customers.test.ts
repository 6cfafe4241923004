// Scenario: the office keeps its customer register; numbers stay unique, rules hold, other tenants stay out.
import { expect, it } from 'vitest';
import { z } from 'zod';
import { describeEachDatabase } from '../../test/databases.ts';
import {
  createCustomer,
  customerCreateSchema,
  customerSchema,
  findCustomersByIds,
  findCustomersByOrgNumber,
  getCustomer,
  getCustomerByNumber,
  listCustomers,
  softDeleteCustomer,
  updateCustomer,
} from './customers.ts';
import { DomainError } from './errors.ts';
import { createProject, softDeleteProject } from './projects.ts';
import { caught, newWorkspace, steppingClock } from './test-support.ts';

describeEachDatabase('customers', (getDb) => {
  it('creates a customer with normalised org. number and e-mails and reads it back', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    const clock = steppingClock();
    const created = await createCustomer(
      db,
      ws.id,
      {
        number: 10001,
        name: ' Nordvik Bygg AS ',
        orgNumber: '923 456 783',
        email: 'Post@Nordvikbygg.no',
        invoiceEmail: 'faktura@nordvikbygg.no',
        phone: '+47 71 23 45 67',
        address: { street: 'Industriveien 4', postalCode: '6517', city: 'Kristiansund' },
        paymentTermsDays: 30,
      },
      clock,
    );
    expect(created).toMatchObject({
      number: 10001,
      name: 'Nordvik Bygg AS',
      orgNumber: '923456783',
      email: 'post@nordvikbygg.no',
      invoiceEmail: 'faktura@nordvikbygg.no',
      address: { street: 'Industriveien 4', postalCode: '6517', city: 'Kristiansund', country: 'NO' },
      paymentTermsDays: 30,
      active: true,
      createdAt: '2025-03-14T08:00:00.000Z',
    });
    expect(customerSchema.parse(created)).toEqual(created);
    expect(await getCustomer(db, ws.id, created.id)).toEqual(created);
    expect(await getCustomerByNumber(db, ws.id, 10001)).toEqual(created);
    expect((await findCustomersByOrgNumber(db, ws.id, '923456783')).map((c) => c.id)).toEqual([created.id]);
  });

  it('keeps a separate delivery address, and null removes it', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    const c = await createCustomer(db, ws.id, {
      name: 'Aukra Næringspark AS',
      address: { street: 'Postboks 12', postalCode: '6480', city: 'Aukra' },
      deliveryAddress: { street: 'Nyhamna 1', postalCode: '6480', city: 'Aukra' },
    });
    expect(c.deliveryAddress).toEqual({
      street: 'Nyhamna 1',
      postalCode: '6480',
      city: 'Aukra',
      country: 'NO',
    });
    expect(c.address.street).toBe('Postboks 12');
    expect(
      await caught(() => updateCustomer(db, ws.id, c.id, { deliveryAddress: { postalCode: '648' } })),
    ).toMatchObject({
      code: 'invalid',
      field: 'deliveryAddress.postalCode',
    });
    const cleared = await updateCustomer(db, ws.id, c.id, { deliveryAddress: null });
    expect(cleared.deliveryAddress).toBeNull();
    expect((await getCustomer(db, ws.id, c.id))?.deliveryAddress).toBeNull();
    const plain = await createCustomer(db, ws.id, { name: 'Uten levering AS' });
    expect(plain.deliveryAddress).toBeNull();
  });

  it('assigns the next number from 10001 and defaults payment terms to 14 days', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    const a = await createCustomer(db, ws.id, { name: 'Første AS' });
    const b = await createCustomer(db, ws.id, { name: 'Andre AS' });
    expect([a.number, b.number]).toEqual([10001, 10002]);
    expect(a.paymentTermsDays).toBe(14);
    expect(a.orgNumber).toBeNull();
  });

  it('refuses a duplicate number as a conflict naming the field; a deleted number brings its customer back', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    const first = await createCustomer(db, ws.id, { number: 10005, name: 'A AS' });
    const dup = await caught(() => createCustomer(db, ws.id, { number: 10005, name: 'B AS' }));
    expect(dup).toBeInstanceOf(DomainError);
    expect(dup).toMatchObject({
      code: 'conflict',
      field: 'number',
      message: 'Kundenummer 10005 er allerede i bruk.',
    });
    await softDeleteCustomer(db, ws.id, first.id);
    const other = await createCustomer(db, ws.id, { number: 10006, name: 'D AS' });
    const moved = await caught(() => updateCustomer(db, ws.id, other.id, { number: 10005 }));
    expect(moved).toMatchObject({
      code: 'conflict',
      field: 'number',
      message:
        'Kundenummer 10005 er brukt av en slettet kunde. Opprett en ny kunde med nummeret for å hente den tilbake.',
    });
    const again = await createCustomer(db, ws.id, { number: 10005, name: 'C AS' });
    expect(again).toMatchObject({ id: first.id, number: 10005, name: 'C AS', active: true });
    expect((await getCustomerByNumber(db, ws.id, 10005))?.id).toBe(first.id);
  });

  it('refuses an invalid org. number, e-mail and Norwegian postal code with field paths', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    const org = await caught(() => createCustomer(db, ws.id, { name: 'X AS', orgNumber: '923456784' }));
    expect(org).toMatchObject({ code: 'invalid', field: 'orgNumber' });
    const mail = await caught(() => createCustomer(db, ws.id, { name: 'X AS', invoiceEmail: 'faktura@' }));
    expect(mail).toMatchObject({
      code: 'invalid',
      field: 'invoiceEmail',
      message: 'E-postadressen er ikke gyldig.',
    });
    const postal = await caught(() =>
      createCustomer(db, ws.id, { name: 'X AS', address: { postalCode: '65170' } }),
    );
    expect(postal).toMatchObject({ code: 'invalid', field: 'address.postalCode' });
    const both = await caught(() => createCustomer(db, ws.id, { name: '', email: 'nope' }));
    expect((both as DomainError).errors.map((e) => e.path).sort()).toEqual(['email', 'name']);
  });

  it('updates only the fields sent; blank e-mail clears it; number change checks clashes', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    const clock = steppingClock();
    const a = await createCustomer(
      db,
      ws.id,
      { number: 10001, name: 'A AS', email: 'a@a.no', phone: '1' },
      clock,
    );
    await createCustomer(db, ws.id, { number: 10002, name: 'B AS' }, clock);
    const updated = await updateCustomer(db, ws.id, a.id, { email: '', paymentTermsDays: 30 }, clock);
    expect(updated).toMatchObject({ email: null, phone: '1', paymentTermsDays: 30, name: 'A AS' });
    expect(updated.updatedAt > a.updatedAt).toBe(true);
    expect(await getCustomer(db, ws.id, a.id)).toEqual(updated);
    const clash = await caught(() => updateCustomer(db, ws.id, a.id, { number: 10002 }));
    expect(clash).toMatchObject({ code: 'conflict', field: 'number' });
    const missing = await caught(() => updateCustomer(db, ws.id, 'nope', { name: 'X' }));
    expect(missing).toMatchObject({ code: 'not_found' });
  });

  it('soft-deleted customers disappear from get, lists and lookups', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    const c = await createCustomer(db, ws.id, { name: 'Borte AS', orgNumber: '934567897' });
    expect(await softDeleteCustomer(db, ws.id, c.id)).toBe(true);
    expect(await softDeleteCustomer(db, ws.id, c.id)).toBe(false);
    expect(await getCustomer(db, ws.id, c.id)).toBeUndefined();
    expect((await listCustomers(db, ws.id)).items).toEqual([]);
    expect(await findCustomersByIds(db, ws.id, [c.id])).toEqual([]);
    expect(await findCustomersByOrgNumber(db, ws.id, '934567897')).toEqual([]);
    const row = await db
      .selectFrom('customers')
      .select('deleted_at')
      .where('id', '=', c.id)
      .executeTakeFirst();
    expect(row?.deleted_at).not.toBeNull();
  });

  it('refuses to delete a customer that live projects still point at', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    const c = await createCustomer(db, ws.id, { name: 'Nordvik Bygg AS' });
    const p = await createProject(db, ws.id, { number: '1001', name: 'Boligfelt', customerId: c.id });
    expect(await caught(() => softDeleteCustomer(db, ws.id, c.id))).toMatchObject({
      code: 'conflict',
      use: { total: 1 },
      message:
        'Kunden 10001 Nordvik Bygg AS brukes av 1 prosjekt og kan ikke slettes. Deaktiver i stedet: da beholder den navnet der den er brukt, men tilbys ikke for nye registreringer.',
    });
    expect(await getCustomer(db, ws.id, c.id)).toBeDefined();
    await softDeleteProject(db, ws.id, p.id);
    expect(await softDeleteCustomer(db, ws.id, c.id)).toBe(true);
  });

  it('pages through 23 customers in number order without duplicates or gaps', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    for (let i = 0; i < 23; i++)
      await createCustomer(db, ws.id, { number: 20000 + ((i * 7) % 23), name: `K${i}` });
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listCustomers(db, ws.id, {}, { limit: 5, cursor });
      seen.push(...page.items.map((c) => c.number));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => 20000 + i));
  });

  it('filters by active and searches name, number and org. number', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    await createCustomer(db, ws.id, { number: 10001, name: 'Nordvik Bygg AS', orgNumber: '923456783' });
    await createCustomer(db, ws.id, { number: 10002, name: 'Fjellheim Entreprenør AS', active: false });
    expect((await listCustomers(db, ws.id, { active: false })).items.map((c) => c.number)).toEqual([10002]);
    expect((await listCustomers(db, ws.id, { search: 'NORDVIK' })).items.map((c) => c.number)).toEqual([
      10001,
    ]);
    expect((await listCustomers(db, ws.id, { search: '4567' })).items.map((c) => c.number)).toEqual([10001]);
    expect((await listCustomers(db, ws.id, { search: '10002' })).items.map((c) => c.number)).toEqual([10002]);
    expect((await listCustomers(db, ws.id, { search: '50%_' })).items).toEqual([]);
  });

  it("never shows or changes another workspace's customers", async () => {
    const db = getDb();
    const mine = await newWorkspace(db);
    const theirs = await newWorkspace(db);
    const c = await createCustomer(db, theirs.id, { number: 10001, name: 'Deres AS' });
    // The same number is free in my workspace.
    await createCustomer(db, mine.id, { number: 10001, name: 'Min AS' });
    expect(await getCustomer(db, mine.id, c.id)).toBeUndefined();
    expect(await findCustomersByIds(db, mine.id, [c.id])).toEqual([]);
    expect(await softDeleteCustomer(db, mine.id, c.id)).toBe(false);
    expect(await caught(() => updateCustomer(db, mine.id, c.id, { name: 'Kapret' }))).toMatchObject({
      code: 'not_found',
    });
    expect((await listCustomers(db, mine.id)).items.map((x) => x.name)).toEqual(['Min AS']);
    expect((await getCustomer(db, theirs.id, c.id))?.name).toBe('Deres AS');
  });

  it('rejects a tampered cursor as invalid input', async () => {
    const db = getDb();
    const ws = await newWorkspace(db);
    expect(await caught(() => listCustomers(db, ws.id, {}, { cursor: 'not-a-cursor' }))).toMatchObject({
      code: 'invalid',
      field: 'cursor',
    });
  });

  it('create schema documents itself as JSON schema for OpenAPI', () => {
    const json = z.toJSONSchema(customerCreateSchema, { io: 'input' }) as { required?: string[] };
    expect(json.required).toEqual(['name']);
    expect(() => z.toJSONSchema(customerSchema)).not.toThrow();
  });
});
