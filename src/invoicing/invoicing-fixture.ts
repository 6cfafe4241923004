import type { Db } from '../db/database.ts';
import { saveConnection } from '../integration/connection.ts';
import type { ConnectionDeps } from '../integration/session-calls.ts';
import { defaultSettings } from '../integration/settings-schema.ts';
import { createFreeTextLine } from '../workspace/free-text-lines.ts';
import { approveHours } from '../workspace/hour-approval.ts';
import { createHourEntry } from '../workspace/hours.ts';
import { updateMachine } from '../workspace/machines.ts';
import { createMaterialLine } from '../workspace/material-lines.ts';
import { createProduct } from '../workspace/products.ts';
import { createTransportEntry } from '../workspace/transport.ts';
import { type HoursFixture, hoursFixture } from '../workspace/workspace-fixture.ts';

// A project with a bit of everything billable, for the invoicing tests: approved hours (one on
// machine GM-01 at 1350.00, two ordinary at 895.00), an unapproved and a non-billable hour,
// km and toll, a material line (18 tonn pukk at 289.00) and a free-text line. And the
// connection of such a workspace to the sandbox's «Demo Maskin AS», with invoicing set up.

export interface InvoicingFixture extends HoursFixture {
  hourIds: { machine: string; ordinary1: string; ordinary2: string; unapproved: string; internal: string };
  kmId: string;
  tollId: string;
  materialId: string;
  freeTextId: string;
  productId: string;
}

/**
 * Builds the fixture in a fresh workspace.
 * @example const f = await invoicingFixture(db);
 */
export async function invoicingFixture(db: Db): Promise<InvoicingFixture> {
  const f = await hoursFixture(db);
  const ws = f.workspaceId;
  await updateMachine(db, ws, f.machineId, { hourlyPrice: '1350.00' });
  const hour = (date: string, hours: string, extra: object = {}) =>
    createHourEntry(db, ws, {
      employeeId: f.olaId,
      projectId: f.projectId,
      hourTypeId: f.ordId,
      date,
      hours,
      ...extra,
    });
  const machine = await hour('2025-03-03', '7', { machineId: f.machineId, description: 'Graving grøft' });
  const ordinary1 = await hour('2025-03-04', '7.5', { description: 'Grunnarbeid' });
  const ordinary2 = await hour('2025-03-20', '2.25', { employeeId: f.kariId });
  const unapproved = await hour('2025-03-05', '3');
  const internal = await hour('2025-03-05', '1', { hourTypeId: f.internId });
  await approveHours(db, ws, [machine.id, ordinary1.id, ordinary2.id, internal.id], 'admin@test.no');
  const km = await createTransportEntry(db, ws, {
    projectId: f.projectId,
    employeeId: f.olaId,
    date: '2025-03-03',
    kind: 'km',
    quantity: '42.5',
    unitPrice: '4.55',
  });
  const toll = await createTransportEntry(db, ws, {
    projectId: f.projectId,
    date: '2025-03-21',
    kind: 'toll',
    quantity: '2',
    unitPrice: '52.00',
  });
  const product = await createProduct(db, ws, {
    number: 'P-1001',
    name: 'Pukk 0-32 mm',
    unit: 'tonn',
    salesPrice: '289.00',
  });
  const material = await createMaterialLine(db, ws, {
    projectId: f.projectId,
    productId: product.id,
    date: '2025-03-10',
    quantity: '18',
  });
  const freeText = await createFreeTextLine(db, ws, {
    projectId: f.projectId,
    date: '2025-03-25',
    text: 'Rigg og drift',
    quantity: '1',
    unitPrice: '4500',
  });
  return {
    ...f,
    hourIds: {
      machine: machine.id,
      ordinary1: ordinary1.id,
      ordinary2: ordinary2.id,
      unapproved: unapproved.id,
      internal: internal.id,
    },
    kmId: km.id,
    tollId: toll.id,
    materialId: material.id,
    freeTextId: freeText.id,
    productId: product.id,
  };
}

/**
 * Connects the workspace to the sandbox's first client as its demo user and switches the
 * integration on with the invoicing settings the demo's products and dimension fit.
 * @example await connectForInvoicing(h.db, runtime, f.workspaceId);
 */
export async function connectForInvoicing(
  db: Db,
  connection: ConnectionDeps,
  workspaceId: string,
): Promise<void> {
  const credentials = { username: 'api@demo.no', password: 'demo-password' };
  const clients = await connection.gateway.listClients(credentials);
  if (!clients.ok) throw new Error(clients.detail);
  const saved = await saveConnection(connection, workspaceId, {
    ...credentials,
    identityId: clients.value[0]?.identityId as string,
  });
  if (!saved.ok) throw new Error(saved.message);
  const settings = defaultSettings();
  settings.invoicing.productNo = {
    hours: 'TIME',
    transport: { km: 'KM', toll: 'BOM', other: 'UTL' },
    freeText: 'FRI',
  };
  settings.invoicing.dimensionByMachine = { 'GM-01': '101:GM-01' };
  await db
    .insertInto('integration_settings')
    .values({
      workspace_id: workspaceId,
      document: JSON.stringify(settings),
      version: 1,
      enabled: 1,
      updated_at: new Date().toISOString(),
      updated_by: 'test',
    })
    .execute();
}
