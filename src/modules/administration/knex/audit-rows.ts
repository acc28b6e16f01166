// The administration module's table (db/migrations/20261130600100_administration.ts) as the drivers return
// its rows, added to knex's Tables here: no other module reads it.
import type { BigIntColumn } from '../../../platform/db/tables.js';

export interface AuditLogRow {
  id: BigIntColumn;
  at: BigIntColumn;
  actor: string;
  action: string;
  target: string | null;
  detail: string | null;
  outcome: string;
}

declare module 'knex/types/tables.js' {
  interface Tables {
    audit_log: AuditLogRow;
  }
}
