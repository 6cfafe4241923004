import type { Db } from '../db/database.ts';
import {
  DEMO_CUSTOMERS,
  DEMO_EMPLOYEES,
  DEMO_HOUR_TYPES,
  DEMO_KM_RATE,
  DEMO_LOGIN,
  DEMO_MACHINES,
  DEMO_NAME,
  DEMO_OTHER_EXPENSES,
  DEMO_PRODUCTS,
  DEMO_PROJECTS,
  DEMO_SLUG,
  DEMO_TOLL_PRICE,
} from './demo-seed-data.ts';
import { type Clock, isUniqueViolation, newId, systemClock } from './repository-support.ts';
import type {
  CustomerRow,
  EmployeeRow,
  HourApprovalEventRow,
  HourEntryRow,
  HourTypeRow,
  MachineRow,
  ProductRow,
  ProjectRow,
  TransportEntryRow,
} from './tables.ts';
import { hashPassword } from './users.ts';
import { parseMoney, parseQuantity } from './values.ts';

// The demo workspace seeded on the first `npm start`: a machine contractor with customers,
// workers, projects and six weeks of hours and transport relative to the clock. Content is
// drawn from a seeded PRNG, so every run produces the same records; all rows go in one
// transaction in batches.

export interface DemoSeedResult {
  /** False when the demo workspace already existed and nothing was written. */
  created: boolean;
  login: { email: string; password: string };
  workspaceSlug: string;
}

/** Who approved the seeded hours. */
const APPROVER = DEMO_LOGIN.email;
const SEED = 0x5eed_b40e;
const WEEKS_OF_HOURS = 6;
/** Hours older than this many days are (mostly) approved; newer ones wait for approval. */
const APPROVED_BEFORE_DAYS = 9;

/**
 * Seeds the demo workspace unless it exists.
 * @example const { created, login } = await seedDemoWorkspace(db, { clock: () => new Date() });
 */
export async function seedDemoWorkspace(db: Db, options: { clock?: Clock } = {}): Promise<DemoSeedResult> {
  const clock = options.clock ?? systemClock;
  const result = (created: boolean): DemoSeedResult => ({
    created,
    login: { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password },
    workspaceSlug: DEMO_SLUG,
  });
  const exists = await db
    .selectFrom('workspaces')
    .select('id')
    .where('slug', '=', DEMO_SLUG)
    .executeTakeFirst();
  if (exists) return result(false);
  // Hash outside the transaction: scrypt takes a while and holds no lock.
  const passwordHash = await hashPassword(DEMO_LOGIN.password);
  const now = clock();
  try {
    await db.transaction().execute(async (trx) => {
      await insertDemo(trx, buildDemo(now, passwordHash));
    });
  } catch (error) {
    // Another process seeded at the same moment; its workspace is as good as ours.
    if (isUniqueViolation(error)) return result(false);
    throw error;
  }
  return result(true);
}

/** mulberry32: small, fast and good enough to make demo data look varied. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ore = (text: string): number => {
  const r = parseMoney(text);
  if (!r.ok) throw new Error(`bad demo amount ${text}`);
  return r.value;
};
const hundredths = (text: string): number => {
  const r = parseQuantity(text);
  if (!r.ok) throw new Error(`bad demo quantity ${text}`);
  return r.value;
};

const isoDate = (d: Date): string => d.toISOString().slice(0, 10);
const addDays = (d: Date, days: number): Date => new Date(d.getTime() + days * 86_400_000);
const clockTime = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

interface DemoRows {
  workspace: { id: string; slug: string; name: string; created_at: string };
  user: {
    id: string;
    workspace_id: string;
    email: string;
    name: string;
    password_hash: string;
    created_at: string;
  };
  customers: CustomerRow[];
  employees: EmployeeRow[];
  hourTypes: HourTypeRow[];
  machines: MachineRow[];
  projects: ProjectRow[];
  hours: HourEntryRow[];
  approvals: HourApprovalEventRow[];
  transport: TransportEntryRow[];
  products: ProductRow[];
}

/** Builds every row in memory (pure apart from ids), so the insert is a few batched statements. */
function buildDemo(now: Date, passwordHash: string): DemoRows {
  const random = prng(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const createdAt = addDays(today, -7 * 12).toISOString();
  const stamp = { created_at: createdAt, updated_at: createdAt, deleted_at: null };
  const workspaceId = newId();
  const ws = { workspace_id: workspaceId };

  const customers: CustomerRow[] = DEMO_CUSTOMERS.map((c) => ({
    id: newId(),
    ...ws,
    number: c.number,
    name: c.name,
    org_number: c.orgNumber,
    email: c.email,
    invoice_email: c.invoiceEmail,
    phone: c.phone,
    address_street: c.street,
    address_postal_code: c.postalCode,
    address_city: c.city,
    address_country: 'NO',
    delivery_street: null,
    delivery_postal_code: null,
    delivery_city: null,
    delivery_country: null,
    payment_terms_days: c.paymentTermsDays,
    active: 1,
    ...stamp,
  }));
  const employees: EmployeeRow[] = DEMO_EMPLOYEES.map((e) => ({
    id: newId(),
    ...ws,
    number: e.number,
    name: e.name,
    email: e.email,
    phone: e.phone,
    twentyfour_contact_id: null,
    active: 1,
    ...stamp,
  }));
  const hourTypes: HourTypeRow[] = DEMO_HOUR_TYPES.map((h) => ({
    id: newId(),
    ...ws,
    code: h.code,
    name: h.name,
    billable: h.billable ? 1 : 0,
    hourly_price_ore: ore(h.hourlyPrice),
    active: 1,
    ...stamp,
  }));
  const machines: MachineRow[] = DEMO_MACHINES.map((m) => ({
    id: newId(),
    ...ws,
    number: m.number,
    name: m.name,
    hourly_price_ore: ore(m.hourlyPrice),
    active: 1,
    ...stamp,
  }));
  const customerByNumber = new Map(customers.map((c) => [Number(c.number), c]));
  const employeeByNumber = new Map(employees.map((e) => [Number(e.number), e]));
  const machineByNumber = new Map(machines.map((m) => [m.number, m]));
  const hourTypeByCode = new Map(hourTypes.map((h) => [h.code, h]));
  const projects: ProjectRow[] = DEMO_PROJECTS.map((p) => ({
    id: newId(),
    ...ws,
    number: p.number,
    name: p.name,
    customer_id: customerByNumber.get(p.customerNumber)?.id ?? null,
    project_manager_id: employeeByNumber.get(p.managerNumber)?.id ?? null,
    status: 'active',
    start_date: isoDate(addDays(today, -7 * p.startWeeksAgo)),
    end_date: null,
    ...stamp,
  }));
  const products: ProductRow[] = DEMO_PRODUCTS.map((p) => ({
    id: newId(),
    ...ws,
    number: p.number,
    name: p.name,
    unit: p.unit,
    sales_price_ore: ore(p.salesPrice),
    cost_price_ore: ore(p.costPrice),
    stock_hundredths: hundredths(p.stock),
    active: 1,
    ...stamp,
  }));

  const hours: HourEntryRow[] = [];
  const approvals: HourApprovalEventRow[] = [];
  const transport: TransportEntryRow[] = [];
  const type = (code: string): HourTypeRow => hourTypeByCode.get(code) as HourTypeRow;

  // Each worker stays on one project for a two-week stint, then moves on.
  const firstDay = addDays(today, -7 * WEEKS_OF_HOURS);
  for (let day = firstDay; day < today; day = addDays(day, 1)) {
    const weekday = day.getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const date = isoDate(day);
    const daysAgo = Math.round((today.getTime() - day.getTime()) / 86_400_000);
    const stint = Math.floor((daysAgo + 3) / 14);
    const tripsToday = new Set<number>();
    DEMO_EMPLOYEES.forEach((worker, w) => {
      if (random() < 0.07) return; // sick, holiday or course
      const projectIndex = (w + stint * 2) % DEMO_PROJECTS.length;
      const plan = DEMO_PROJECTS[projectIndex];
      const project = projects[projectIndex];
      const employee = employees[w];
      if (!plan || !project || !employee || project.start_date === null || date < project.start_date) return;
      const add = (code: string, minutes: number, extra: Partial<HourEntryRow> = {}): void => {
        const hourType = type(code);
        const approved = daysAgo > APPROVED_BEFORE_DAYS && random() > 0.06;
        const approvedAt = approved
          ? `${isoDate(addDays(day, 3))}T14:${String(10 + (hours.length % 50))}:00.000Z`
          : null;
        const row: HourEntryRow = {
          id: newId(),
          ...ws,
          employee_id: employee.id,
          project_id: project.id,
          hour_type_id: hourType.id,
          machine_id: null,
          date,
          start_time: null,
          end_time: null,
          minutes,
          description: pick(plan.tasks),
          billable: hourType.billable,
          approved: approved ? 1 : 0,
          approved_by: approved ? APPROVER : null,
          approved_at: approvedAt,
          created_at: `${date}T15:30:00.000Z`,
          updated_at: approvedAt ?? `${date}T15:30:00.000Z`,
          deleted_at: null,
          ...extra,
        };
        hours.push(row);
        if (approved && approvedAt) {
          approvals.push({
            id: newId(),
            ...ws,
            hour_entry_id: row.id,
            action: 'approved',
            actor: APPROVER,
            at: approvedAt,
          });
        }
      };
      // A normal day: 07:00–15:00 with a 30-minute lunch is 7.5 hours; some log times.
      if (random() < 0.35) add('ORD', 450, { start_time: '07:00', end_time: '14:30' });
      else add('ORD', 450);
      if (worker.operator && plan.machines.length > 0 && random() < 0.8) {
        const machine = machineByNumber.get(pick(plan.machines));
        add('MASK', 15 * (16 + Math.floor(random() * 15)), { machine_id: machine?.id ?? null });
      }
      if (random() < 0.16) {
        const start = 15 * 60;
        const minutes = 30 * (2 + Math.floor(random() * 5));
        add('OT50', minutes, { start_time: clockTime(start), end_time: clockTime(start + minutes) });
      }
      if (random() < 0.025) add('OT100', 60 * (1 + Math.floor(random() * 3)));
      if (plan.km > 50 && random() < 0.3) add('REISE', 60, { description: 'Reise til og fra anlegg' });
      if (!tripsToday.has(projectIndex)) {
        tripsToday.add(projectIndex);
        addTransport(date, projectIndex, employee.id);
      }
    });
  }

  function addTransport(date: string, projectIndex: number, employeeId: string): void {
    const plan = DEMO_PROJECTS[projectIndex];
    const project = projects[projectIndex];
    if (!plan || !project) return;
    const base = { ...ws, project_id: project.id, employee_id: employeeId, date, ...stamp };
    base.created_at = base.updated_at = `${date}T16:00:00.000Z`;
    if (random() < 0.45) {
      transport.push({
        id: newId(),
        ...base,
        kind: 'km',
        quantity_hundredths: hundredths(String(plan.km * 2)),
        unit_price_ore: ore(DEMO_KM_RATE),
        description: `Kjøring verksted–${plan.name.split(',')[0]} t/r`,
      });
      if (plan.tolls > 0) {
        transport.push({
          id: newId(),
          ...base,
          kind: 'toll',
          quantity_hundredths: hundredths(String(plan.tolls * 2)),
          unit_price_ore: ore(DEMO_TOLL_PRICE),
          description: 'Bomring t/r',
        });
      }
    }
    if (random() < 0.06) {
      const expense = pick(DEMO_OTHER_EXPENSES);
      transport.push({
        id: newId(),
        ...base,
        kind: 'other',
        quantity_hundredths: 100,
        unit_price_ore: ore(expense.unitPrice),
        description: expense.description,
      });
    }
  }

  // A few hours were approved, un-approved to correct them, and wait for approval again:
  // the history shows that an un-approval is recorded.
  const corrected = hours.filter((h) => h.approved === 1).slice(0, 3);
  for (const h of corrected) {
    const at = `${h.date}T18:00:00.000Z`;
    const back = (h.approved_at ?? at).replace('T14:', 'T19:');
    approvals.push({
      id: newId(),
      ...ws,
      hour_entry_id: h.id,
      action: 'unapproved',
      actor: APPROVER,
      at: back,
    });
    h.approved = 0;
    h.approved_by = null;
    h.approved_at = null;
    h.updated_at = back;
    h.description = `${h.description} (korrigert)`;
  }

  return {
    workspace: { id: workspaceId, slug: DEMO_SLUG, name: DEMO_NAME, created_at: createdAt },
    user: {
      id: newId(),
      ...ws,
      email: DEMO_LOGIN.email,
      name: DEMO_LOGIN.name,
      password_hash: passwordHash,
      created_at: createdAt,
    },
    customers,
    employees,
    hourTypes,
    machines,
    projects,
    hours,
    approvals,
    transport,
    products,
  };
}

async function insertInChunks<T>(
  rows: T[],
  size: number,
  insert: (chunk: T[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

async function insertDemo(trx: Db, rows: DemoRows): Promise<void> {
  await trx.insertInto('workspaces').values(rows.workspace).execute();
  await trx.insertInto('users').values(rows.user).execute();
  await trx.insertInto('customers').values(rows.customers).execute();
  await trx.insertInto('employees').values(rows.employees).execute();
  await trx.insertInto('hour_types').values(rows.hourTypes).execute();
  await trx.insertInto('machines').values(rows.machines).execute();
  await trx.insertInto('projects').values(rows.projects).execute();
  await trx.insertInto('products').values(rows.products).execute();
  // 18 columns × 400 rows stays well under SQLite's and PostgreSQL's parameter limits.
  await insertInChunks(rows.hours, 400, (chunk) => trx.insertInto('hour_entries').values(chunk).execute());
  await insertInChunks(rows.approvals, 1000, (chunk) =>
    trx.insertInto('hour_approval_events').values(chunk).execute(),
  );
  await insertInChunks(rows.transport, 500, (chunk) =>
    trx.insertInto('transport_entries').values(chunk).execute(),
  );
}
