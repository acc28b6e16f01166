// The outbound_queue columns the repositories read (outbound-repository.ts, pg-outbound.ts), and their mapper.
import type { OutboundItem } from '../ports.js';
import type { OutboundQueueRow } from '../../../platform/db/tables.js';

export const outboundColumns = ['id', 'message_id', 'position', 'domain', 'address', 'attempts', 'expires_at'] as const;

export type OutboundRow = Pick<OutboundQueueRow, (typeof outboundColumns)[number]>;

export const toOutboundItem = (row: OutboundRow): OutboundItem => ({
  id: row.id,
  messageId: row.message_id,
  position: row.position,
  domain: row.domain,
  address: row.address,
  attempts: row.attempts,
  expiresAt: Number(row.expires_at),
});
