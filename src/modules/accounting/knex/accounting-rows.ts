// The accounting module's tables (db/migrations/20261130600000_accounting.ts) as the drivers return their rows,
// added to knex's Tables here: no other module reads them. Bigint columns differ between drivers exactly as
// described in platform/db/tables.ts.
import type { BigIntColumn } from '../../../platform/db/tables.js';

export interface UsageRecordRow {
  id: BigIntColumn;
  correlation_id: string;
  event: string;
  service_type: string;
  charged_party: string;
  subscriber_id: string | null;
  subscriber_type: string | null;
  other_parties: string;
  at: BigIntColumn;
  content_type: string | null;
  size_bytes: BigIntColumn;
  sent_count: number;
  sent_ok: number;
  exploded_count: number;
  exploded_ok: number;
  peer_domain: string | null;
  outcome: string | null;
  charge: BigIntColumn;
}

export interface AccountChargingRow {
  account_id: number;
  subscriber_id: string | null;
  payment: string;
  balance: BigIntColumn;
  per_message: BigIntColumn;
  per_recipient: BigIntColumn;
  per_kilobyte: BigIntColumn;
  updated_at: BigIntColumn;
}

declare module 'knex/types/tables.js' {
  interface Tables {
    usage_records: UsageRecordRow;
    account_charging: AccountChargingRow;
  }
}
