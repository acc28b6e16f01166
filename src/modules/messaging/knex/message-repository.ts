// Messages and their per-recipient delivery state over knex.
import type { Knex } from 'knex';
import type { RecipientRecord } from '../../../kernel/ports.js';
import type { MessageRepository } from '../ports.js';
import type { MessageKind, NewMessage, Priority, RecipientState, StoredMessage } from '../../../kernel/types.js';
import { parseNotification } from '../../../platform/db/json-columns.js';
import { chunks } from '../../../platform/db/batches.js';
import { paddedInList } from '../../../platform/db/in-lists.js';
import type { MessageRecipientRow, MessageRow } from '../../../platform/db/tables.js';
import { type HotStatements, insertRows } from '../../../platform/db/hot-statements.js';

export function toMessageRow(message: NewMessage, recipients: readonly RecipientRecord[]): MessageRow {
  return {
    id: message.id,
    kind: message.kind,
    sender_account_id: message.senderAccountId,
    sender_address: message.senderAddress,
    hide_sender: message.hideSender,
    client_message_id: message.clientMessageId ?? null,
    content_type: message.contentType,
    content: message.content,
    subject: message.subject ?? null,
    priority: message.priority,
    delivery_report: message.deliveryReport,
    notification: message.notification ? JSON.stringify(message.notification) : null,
    recipient_list: JSON.stringify(message.shownRecipients ?? recipients.filter((r) => r.status !== 'failed').map((r) => r.address)),
    sent_at: message.sentAt,
    expires_at: message.expiresAt,
  };
}

function toStoredMessage(row: MessageRow, recipients: readonly MessageRecipientRow[]): StoredMessage {
  return {
    id: row.id,
    kind: row.kind as MessageKind,
    senderAccountId: row.sender_account_id,
    senderAddress: row.sender_address,
    hideSender: Boolean(row.hide_sender),
    clientMessageId: row.client_message_id ?? undefined,
    contentType: row.content_type,
    content: row.content,
    subject: row.subject ?? undefined,
    priority: row.priority as Priority,
    deliveryReport: Boolean(row.delivery_report),
    notification: parseNotification(row.notification),
    sentAt: Number(row.sent_at),
    expiresAt: Number(row.expires_at),
    recipients: recipients.map((r) => ({
      address: r.address,
      status: r.status as RecipientState,
      errorCode: r.error_code ?? undefined,
      errorText: r.error_text ?? undefined,
      updatedAt: Number(r.updated_at),
    })),
  };
}

// Column lists of the hot inserts (platform/db/hot-statements.ts), in the order their values are bound.
const messageColumns = [
  'id',
  'kind',
  'sender_account_id',
  'sender_address',
  'hide_sender',
  'client_message_id',
  'content_type',
  'content',
  'subject',
  'priority',
  'delivery_report',
  'notification',
  'recipient_list',
  'sent_at',
  'expires_at',
] as const satisfies readonly (keyof MessageRow)[];
const recipientColumns = [
  'message_id',
  'position',
  'address',
  'account_id',
  'status',
  'error_code',
  'error_text',
  'updated_at',
] as const satisfies readonly (keyof MessageRecipientRow)[];

/** `hot` runs the inserts every send makes; the rest goes through knex. */
export function messageRepository(db: Knex | Knex.Transaction, hot: HotStatements): MessageRepository {
  async function load(row: MessageRow | undefined): Promise<StoredMessage | undefined> {
    if (!row) return undefined;
    const recipients = await db('message_recipients').where({ message_id: row.id }).orderBy('position');
    return toStoredMessage(row, recipients);
  }

  async function insertAll(items: Parameters<MessageRepository['insertAll']>[0]): Promise<void> {
    const messages = items.map(({ message, recipients }) => toMessageRow(message, recipients));
    const rows: MessageRecipientRow[] = items.flatMap(({ message, recipients }) =>
      recipients.map((r, position) => ({
        message_id: message.id,
        position,
        address: r.address,
        account_id: r.accountId,
        status: r.status,
        error_code: r.errorCode ?? null,
        error_text: r.errorText ?? null,
        updated_at: r.updatedAt,
      })),
    );
    await insertRows(hot, 'messages', messageColumns, messages);
    await insertRows(hot, 'message_recipients', recipientColumns, rows);
  }

  return {
    insertAll,
    async find(messageId) {
      return load(await db('messages').where({ id: messageId }).first());
    },
    async findByClientId(senderAccountId, clientMessageId) {
      return load(await db('messages').where({ sender_account_id: senderAccountId, client_message_id: clientMessageId }).first());
    },
    async setRecipientState(messageIds, accountIds, from, to, at, reason) {
      if (accountIds.length === 0 || messageIds.length === 0 || from.length === 0) return;
      // Chunked by message id to stay under the bound-variable limit.
      // A hot statement (every GetMessages marks what it leased retrieved), its IN lists padded (in-lists.ts).
      const accounts = paddedInList(accountIds);
      const states = paddedInList(from);
      for (const part of chunks(messageIds)) {
        const messages = paddedInList(part);
        await hot.run(
          `update message_recipients set status = ?, updated_at = ?, error_text = ? where message_id in (${messages.placeholders})` +
            ` and account_id in (${accounts.placeholders}) and status in (${states.placeholders})`,
          [to, at, reason ?? null, ...messages.bindings, ...accounts.bindings, ...states.bindings],
        );
      }
    },
    async setRecipientStateAt(updates, from, at) {
      for (const u of updates) {
        await db('message_recipients')
          .where({ message_id: u.messageId, position: u.position })
          .whereIn('status', from)
          .update({ status: u.status, updated_at: at, error_code: u.errorCode ?? null, error_text: u.errorText ?? null });
      }
    },
    async purgeFinished(before) {
      return db('messages')
        .where('expires_at', '<', before)
        .whereNotExists(db('inbox_entries').whereRaw('inbox_entries.message_id = messages.id'))
        .delete();
    },
  };
}
