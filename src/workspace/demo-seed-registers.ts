import { newId } from '../db/ids.ts';
import {
  DEMO_CUSTOMERS,
  DEMO_EMPLOYEES,
  DEMO_HOUR_TYPES,
  DEMO_LOGIN,
  DEMO_MACHINES,
  DEMO_NAME,
  DEMO_PROJECTS,
  DEMO_SLUG,
} from './demo-seed-data.ts';
import { DEMO_PRODUCTS } from './demo-seed-price-list.ts';
import type { CustomerRow, EmployeeRow, HourTypeRow, MachineRow, ProductRow, ProjectRow } from './tables.ts';
import { parseMoney, parseQuantity } from './values.ts';

// The demo workspace's registers — the workspace, its admin, customers, workers, hour types,
// machines, projects and products — as rows built from demo-seed-data.ts. No randomness here:
// the same clock gives the same registers; the hours and transport on top of them are made
// in demo-seed-activity.ts.

export interface DemoRegisters {
  /** Midnight UTC of the seeding day; every date in the demo is relative to it. */
  today: Date;
  /** When the registers were "created": twelve weeks before today. */
  createdAt: string;
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
  products: ProductRow[];
}

/**
 * Builds the register rows in memory (pure apart from ids).
 * @example const registers = buildDemoRegisters(new Date(), await hashPassword('demo1234'));
 */
export function buildDemoRegisters(now: Date, passwordHash: string): DemoRegisters {
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

  return {
    today,
    createdAt,
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
    products,
  };
}

/** Demo money text → øre; the data file is ours, so a bad amount is a programming error. */
export const ore = (text: string): number => {
  const r = parseMoney(text);
  if (!r.ok) throw new Error(`bad demo amount ${text}`);
  return r.value;
};
/** Demo quantity text → hundredths. */
export const hundredths = (text: string): number => {
  const r = parseQuantity(text);
  if (!r.ok) throw new Error(`bad demo quantity ${text}`);
  return r.value;
};

export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);
export const addDays = (d: Date, days: number): Date => new Date(d.getTime() + days * 86_400_000);
