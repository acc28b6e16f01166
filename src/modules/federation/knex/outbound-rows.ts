// An outbound_queue row as the repositories read it (outbound-repository.ts, pg-outbound.ts).
import type { OutboundItem } from '../../../kernel/ports.js';

export interface OutboundRow {
  id: number;
  message_id: string;
  position: number;
  domain: string;
  address: string;
  attempts: number;
  expires_at: number;
}

export const toOutboundItem = (row: OutboundRow): OutboundItem => ({
  id: row.id,
  messageId: row.message_id,
  position: row.position,
  domain: row.domain,
  address: row.address,
  attempts: row.attempts,
  expiresAt: Number(row.expires_at),
});

export const outboundColumns = ['id', 'message_id', 'position', 'domain', 'address', 'attempts', 'expires_at'];
