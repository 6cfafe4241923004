import type { ReconciliationTables } from '../integration/reconciliation/tables.ts';
import type { SyncTables } from '../integration/sync/tables.ts';
import type { IntegrationTables } from '../integration/tables.ts';
import type { InvoicingTables } from '../invoicing/tables.ts';
import type { JobTables } from '../jobs/tables.ts';
import type { WorkspaceTables } from '../workspace/tables.ts';

/**
 * Every table Broen stores, composed from each capability's own row types so a
 * capability can add tables without touching the others' files.
 */
export interface Database
  extends WorkspaceTables,
    IntegrationTables,
    SyncTables,
    JobTables,
    InvoicingTables,
    ReconciliationTables {}
