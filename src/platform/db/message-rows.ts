// The messages table as rows: written by inbox delivery, read by messaging (delivery status) and by the inbox
// (GetMessages joins its entries to their messages). Declared once here, beside the other shared row helpers.
import type { Notification } from '../../kernel/types.js';

export interface MessageRow {
  id: string;
  kind: string;
  sender_account_id: number | null;
  sender_address: string | null;
  hide_sender: number | boolean;
  client_message_id: string | null;
  content_type: string;
  content: Buffer;
  subject: string | null;
  priority: string;
  delivery_report: number | boolean;
  notification: string | null;
  recipient_list: string;
  sent_at: number;
  expires_at: number;
}

export const parseNotification = (text: string | null): Notification | undefined =>
  text ? (JSON.parse(text) as Notification) : undefined;
