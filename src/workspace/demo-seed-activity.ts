import { newId } from '../db/ids.ts';
import { DEMO_EMPLOYEES, DEMO_LOGIN, DEMO_PROJECTS } from './demo-seed-data.ts';
import { DEMO_KM_RATE, DEMO_OTHER_EXPENSES, DEMO_TOLL_PRICE } from './demo-seed-price-list.ts';
import { addDays, type DemoRegisters, hundredths, isoDate, ore } from './demo-seed-registers.ts';
import type { HourApprovalEventRow, HourEntryRow, HourTypeRow, TransportEntryRow } from './tables.ts';

// Six weeks of work on top of the demo registers: hours (most older ones approved, a few
// un-approved again for correction), their approval history and transport entries of each
// kind. Drawn from a seeded PRNG, so every run with the same clock gives the same records.

export interface DemoActivity {
  hours: HourEntryRow[];
  approvals: HourApprovalEventRow[];
  transport: TransportEntryRow[];
}

/** Who approved the seeded hours. */
const APPROVER = DEMO_LOGIN.email;
const SEED = 0x5eed_b40e;
const WEEKS_OF_HOURS = 6;
/** Hours older than this many days are (mostly) approved; newer ones wait for approval. */
const APPROVED_BEFORE_DAYS = 9;

/**
 * Builds the hours, approval events and transport entries for the demo registers.
 * @example const { hours } = buildDemoActivity(buildDemoRegisters(now, hash));
 */
export function buildDemoActivity(registers: DemoRegisters): DemoActivity {
  const { today, projects, employees } = registers;
  const random = prng(SEED);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const ws = { workspace_id: registers.workspace.id };
  const stamp = { created_at: registers.createdAt, updated_at: registers.createdAt, deleted_at: null };
  const machineByNumber = new Map(registers.machines.map((m) => [m.number, m]));
  const hourTypeByCode = new Map(registers.hourTypes.map((h) => [h.code, h]));

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
          invoice_attachment_id: null,
          invoiced_at: null,
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
    const base = {
      ...ws,
      project_id: project.id,
      employee_id: employeeId,
      date,
      ...stamp,
      invoice_attachment_id: null,
      invoiced_at: null,
    };
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

  return { hours, approvals, transport };
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

const clockTime = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
