// Scenario: the first `npm start` seeds a believable demo contractor once; the second start leaves it alone.
import { expect, it } from 'vitest';
import { createTestDatabase, describeEachDatabase } from '../../test/databases.ts';
import { listCustomers } from './customers.ts';
import { seedDemoWorkspace } from './demo-seed.ts';
import { listApprovalEvents } from './hour-approval.ts';
import { listHourEntries } from './hours.ts';
import { listProjects } from './projects.ts';
import { verifyUserLogin } from './users.ts';
import { isValidOrgNumber } from './values.ts';
import { getWorkspaceBySlug } from './workspaces.ts';

const NOW = new Date('2025-03-14T09:30:00.000Z'); // a Friday
const clock = () => NOW;

describeEachDatabase('demo seed', (getDb) => {
  it('creates the demo workspace with the agreed records and prints the agreed login', async () => {
    const db = getDb();
    const result = await seedDemoWorkspace(db, { clock });
    expect(result).toEqual({
      created: true,
      login: { email: 'admin@demo.no', password: 'demo1234' },
      workspaceSlug: 'demo',
    });
    const ws = await getWorkspaceBySlug(db, 'demo');
    expect(ws?.name).toBe('Demo Maskin AS');
    const user = await verifyUserLogin(db, 'admin@demo.no', 'demo1234');
    expect(user?.workspaceId).toBe(ws?.id);
  });

  it('has ten customers with valid org. numbers, matching docs/demo-data.md', async () => {
    const db = getDb();
    const ws = await getWorkspaceBySlug(db, 'demo');
    const customers = (await listCustomers(db, ws?.id ?? '', {}, { limit: 100 })).items;
    expect(customers.map((c) => c.number)).toEqual([
      10001, 10002, 10003, 10004, 10005, 10006, 10007, 10008, 10009, 10010,
    ]);
    expect(customers.every((c) => c.orgNumber !== null && isValidOrgNumber(c.orgNumber))).toBe(true);
    expect(customers.slice(0, 3).map((c) => [c.name, c.orgNumber])).toEqual([
      ['Nordvik Bygg AS', '923456783'],
      ['Fjellheim Entreprenør AS', '934567897'],
      ['Solberg Eiendom AS', '987654325'],
    ]);
    expect(customers.every((c) => c.invoiceEmail?.includes('@'))).toBe(true);
  });

  it('has the agreed workers, hour types, machines, projects and 20 products', async () => {
    const db = getDb();
    const ws = await getWorkspaceBySlug(db, 'demo');
    const id = ws?.id ?? '';
    const employees = await db
      .selectFrom('employees')
      .selectAll()
      .where('workspace_id', '=', id)
      .orderBy('number')
      .execute();
    expect(employees).toHaveLength(8);
    expect(employees.slice(0, 3).map((e) => e.email)).toEqual([
      'ola.nordmann@demomaskin.no',
      'kari.hansen@demomaskin.no',
      'per.olsen@demomaskin.no',
    ]);
    expect(employees.every((e) => e.twentyfour_contact_id === null)).toBe(true);
    const types = await db
      .selectFrom('hour_types')
      .select('code')
      .where('workspace_id', '=', id)
      .orderBy('code')
      .execute();
    expect(types.map((t) => t.code)).toEqual(['MASK', 'ORD', 'OT100', 'OT50', 'REISE']);
    const machines = await db
      .selectFrom('machines')
      .select('number')
      .where('workspace_id', '=', id)
      .orderBy('number')
      .execute();
    expect(machines.map((m) => m.number)).toEqual(['DU-01', 'GM-01', 'GM-02', 'HL-01', 'LB-01']);
    const projects = (await listProjects(db, id)).items;
    expect(projects.map((p) => p.number)).toEqual(['1001', '1002', '1003', '1004', '1005', '1006']);
    expect(projects[0]?.name).toBe('Boligfelt Nordvik, trinn 2');
    expect(projects[1]?.name).toBe('VA-anlegg Fjellheim');
    expect(projects.every((p) => p.customerId !== null && p.projectManagerId !== null)).toBe(true);
    const products = await db
      .selectFrom('products')
      .select('number')
      .where('workspace_id', '=', id)
      .execute();
    expect(products).toHaveLength(20);
    expect(products.map((p) => p.number)).toEqual(
      expect.arrayContaining(['P-1001', 'P-1002', 'P-1003', 'P-1004']),
    );
  });

  it('has several hundred weekday hours over the last six weeks, some approved and some not', async () => {
    const db = getDb();
    const ws = await getWorkspaceBySlug(db, 'demo');
    const id = ws?.id ?? '';
    const hours = [];
    let cursor: string | null = null;
    do {
      const page = await listHourEntries(db, id, {}, { limit: 500, cursor });
      hours.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(hours.length).toBeGreaterThanOrEqual(300);
    expect(hours.length).toBeLessThan(1000);
    expect(hours.every((h) => h.date >= '2025-01-31' && h.date < '2025-03-14')).toBe(true);
    expect(hours.every((h) => ![0, 6].includes(new Date(`${h.date}T12:00:00Z`).getUTCDay()))).toBe(true);
    expect(hours.every((h) => h.minutes > 0 && h.minutes <= 24 * 60)).toBe(true);
    const approved = hours.filter((h) => h.approved);
    expect(approved.length).toBeGreaterThan(100);
    expect(hours.length - approved.length).toBeGreaterThan(50);
    expect(approved.every((h) => h.approvedBy === 'admin@demo.no' && h.approvedAt !== null)).toBe(true);
    expect(hours.filter((h) => h.hours === '7.5').length).toBeGreaterThan(200);
    // Machine hours carry a machine, and only machine hours do.
    const types = await db
      .selectFrom('hour_types')
      .select(['id', 'code'])
      .where('workspace_id', '=', id)
      .execute();
    const mask = types.find((t) => t.code === 'MASK')?.id;
    expect(hours.filter((h) => h.machineId !== null).every((h) => h.hourTypeId === mask)).toBe(true);
    expect(hours.filter((h) => h.hourTypeId === mask).length).toBeGreaterThan(30);
    // A few hours were un-approved to be corrected, and the history says so.
    const corrected = hours.find((h) => h.description.endsWith('(korrigert)'));
    expect(corrected?.approved).toBe(false);
    const events = await listApprovalEvents(db, id, corrected?.id ?? '');
    expect(events.map((e) => e.action)).toEqual(['approved', 'unapproved']);
  });

  it('has material and free-text lines on the first two projects', async () => {
    const db = getDb();
    const ws = await getWorkspaceBySlug(db, 'demo');
    const materials = await db
      .selectFrom('material_lines')
      .selectAll()
      .where('workspace_id', '=', ws?.id ?? '')
      .execute();
    const texts = await db
      .selectFrom('free_text_lines')
      .selectAll()
      .where('workspace_id', '=', ws?.id ?? '')
      .execute();
    expect(materials).toHaveLength(5);
    expect(texts.map((t) => t.text)).toEqual(['Rigg og drift, fastpris', 'Rigg og drift, fastpris']);
    expect(materials.every((m) => Number(m.unit_price_ore) > 0 && m.invoice_attachment_id === null)).toBe(
      true,
    );
  });

  it('has transport entries of each kind', async () => {
    const db = getDb();
    const ws = await getWorkspaceBySlug(db, 'demo');
    const rows = await db
      .selectFrom('transport_entries')
      .select(['kind'])
      .where('workspace_id', '=', ws?.id ?? '')
      .execute();
    const count = (kind: string) => rows.filter((r) => r.kind === kind).length;
    expect(count('km')).toBeGreaterThan(20);
    expect(count('toll')).toBeGreaterThan(5);
    expect(count('other')).toBeGreaterThan(0);
  });

  it('does nothing on a second start', async () => {
    const db = getDb();
    const before = await db
      .selectFrom('hour_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    const again = await seedDemoWorkspace(db, { clock: () => new Date('2025-06-01T08:00:00Z') });
    expect(again.created).toBe(false);
    expect(again.login).toEqual({ email: 'admin@demo.no', password: 'demo1234' });
    const after = await db
      .selectFrom('hour_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    expect(Number(after?.n)).toBe(Number(before?.n));
    expect(await db.selectFrom('workspaces').select('id').where('slug', '=', 'demo').execute()).toHaveLength(
      1,
    );
  });
});

it('produces the same records on every run for the same clock', async () => {
  const snapshot = async () => {
    const t = await createTestDatabase('sqlite');
    try {
      await seedDemoWorkspace(t.db, { clock });
      return await t.db
        .selectFrom('hour_entries')
        .innerJoin('employees', 'employees.id', 'hour_entries.employee_id')
        .select([
          'employees.number',
          'hour_entries.date',
          'hour_entries.minutes',
          'hour_entries.approved',
          'hour_entries.description',
        ])
        .orderBy('hour_entries.date')
        .orderBy('employees.number')
        .orderBy('hour_entries.minutes')
        .orderBy('hour_entries.description')
        .execute();
    } finally {
      await t.destroy();
    }
  };
  expect(await snapshot()).toEqual(await snapshot());
});
