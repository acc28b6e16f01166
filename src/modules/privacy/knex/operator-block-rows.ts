// The row of the operator's blocks (migration 20261130900000_domain_blocks), added to knex's table types.
import type { BigIntColumn } from '../../../platform/db/tables.js';

/** The operator's block of a peer domain's user (its stand-in account) or of a whole peer domain, for everyone. */
export interface OperatorBlockRow {
  id: number;
  account_id: number | null;
  domain: string | null;
  reason: string | null;
  created_at: BigIntColumn;
}

declare module 'knex/types/tables.js' {
  interface Tables {
    operator_blocks: OperatorBlockRow;
  }
}
