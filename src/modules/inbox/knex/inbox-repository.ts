// Inbox entries over knex: enqueue, lease, acknowledge, expire.
import type { Knex } from 'knex';
import { type HotStatements, insertRows } from '../../../platform/db/hot-statements.js';
import type { RemovedEntry } from '../../../kernel/ports.js';
import type { InboxRepository } from '../ports.js';
import type { InboxMessage, MessageKind, Priority } from '../../../kernel/types.js';
import { dialectOf } from '../../../platform/db/dialect.js';
import { parseNotification } from '../../../platform/db/json-columns.js';
import { chunks } from '../../../platform/db/batches.js';
import { paddedInList } from '../../../platform/db/in-lists.js';
import type { AccountRow, InboxEntryRow, MessageRow } from '../../../platform/db/tables.js';

/** An entry joined to its message (the inbox reads messages in SQL: GetMessages returns them whole). */
type LeasedRow = MessageRow &
  Pick<InboxEntryRow, 'seq' | 'received_at' | 'delivery_count' | 'sender_username' | 'target_username' | 'tag'> & { entry_id: number };

const toInboxMessage = (row: LeasedRow): InboxMessage => ({
  messageId: row.id,
  sequenceNumber: Number(row.seq),
  kind: row.kind as MessageKind,
  sender: row.hide_sender ? undefined : (row.sender_address ?? undefined),
  recipients: JSON.parse(row.recipient_list) as string[],
  contentType: row.content_type,
  content: row.content,
  subject: row.subject ?? undefined,
  priority: row.priority as Priority,
  sentAt: Number(row.sent_at),
  receivedAt: Number(row.received_at),
  expiresAt: Number(row.expires_at),
  clientMessageId: row.client_message_id ?? undefined,
  // The count was incremented by this lease: more than one delivery means it came back.
  redelivered: row.delivery_count + 1 > 1,
  deliveryCount: row.delivery_count + 1,
  notification: parseNotification(row.notification),
  senderUsername: row.sender_username ?? undefined,
  targetUsername: row.target_username ?? undefined,
  tag: row.tag ?? undefined,
});

const removedColumns = [
  'e.id as entry_id',
  'e.account_id',
  'a.address as recipient_address',
  'e.message_id',
  'm.kind',
  'm.sender_account_id',
  'm.sender_address',
  'm.delivery_report',
  'e.held',
];

/** What settling a removed entry needs: its recipient (accounts) and its message's sender and report flag. */
type RemovedRow = Pick<InboxEntryRow, 'account_id' | 'message_id' | 'held'> &
  Pick<MessageRow, 'kind' | 'sender_account_id' | 'sender_address' | 'delivery_report'> & {
    entry_id: InboxEntryRow['id'];
    recipient_address: AccountRow['address'];
  };

const entryColumns = [
  'account_id',
  'seq',
  'message_id',
  'received_at',
  'expires_at',
  'sender_username',
  'target_username',
  'tag',
  'held',
] as const satisfies readonly (keyof InboxEntryRow)[];

// The inbox's entries not held (leased or not, until deleted) number accounts.inbox_queued less
// inbox_dequeued.count (the migration 20261201000100 says why removals count in a row of their own); the unit
// that deletes entries counts them there, in ascending account order like every other row lock. GetMessages' pending (README "Group commit") is that counter less what time
// took out of it without a write: the entries under a live lease (found through the (account_id, lease_token)
// index: only entries ever leased and not acknowledged) and the expired entries the sweep has not deleted yet
// (through the expires_at index: at most about a sweep's interval of them). `+e.account_id` keeps both
// databases from walking the inbox's whole range of another index instead: the cost follows the leases and the
// sweep's lag, never the inbox's depth.
const dequeue =
  'insert into inbox_dequeued (account_id, count) values (?, ?) on conflict (account_id) do update set count = inbox_dequeued.count + excluded.count';
const available = `select
  (select inbox_queued from accounts where id = ?)
  - coalesce((select d.count from inbox_dequeued d where d.account_id = ?), 0)
  - (select count(*) from inbox_entries e where e.account_id = ? and e.lease_token is not null and e.lease_until > ?
       and e.expires_at > ? and e.held = ?)
  - (select count(*) from inbox_entries e where e.expires_at <= ? and +e.account_id = ? and e.held = ?) as n`;

/** `hot` runs the statements every send and GetMessages makes; the rest goes through knex. */
export function inboxRepository(db: Knex | Knex.Transaction, hot: HotStatements): InboxRepository {
  const dialect = dialectOf(db);

  /**
   * Deletes the selected entries and returns what reports need, for the entries this call deleted only: an
   * entry that an ack or a sweep in another transaction (another gateway) removed first is not reported
   * again here. Whoever deletes an entry settles it.
   */
  async function remove(select: PromiseLike<RemovedRow[]>): Promise<RemovedEntry[]> {
    const selected = await select;
    if (selected.length === 0) return [];
    const deleted = await dialect.deleteIds(
      db,
      'inbox_entries',
      selected.map((r) => r.entry_id),
    );
    const rows = deleted.size === selected.length ? selected : selected.filter((r) => deleted.has(r.entry_id));
    const dequeued = new Map<number, number>();
    for (const r of rows) if (!r.held) dequeued.set(r.account_id, (dequeued.get(r.account_id) ?? 0) + 1);
    for (const accountId of [...dequeued.keys()].sort((a, b) => a - b)) await hot.run(dequeue, [accountId, dequeued.get(accountId)!]);
    return rows.map((r) => ({
      accountId: r.account_id,
      recipientAddress: r.recipient_address,
      messageId: r.message_id,
      kind: r.kind,
      senderAccountId: r.sender_account_id,
      senderAddress: r.sender_address,
      deliveryReport: Boolean(r.delivery_report),
    }));
  }

  const entriesWithMessage = () =>
    db('inbox_entries as e')
      .join('messages as m', 'm.id', 'e.message_id')
      .join('accounts as a', 'a.id', 'e.account_id')
      .select<RemovedRow[]>(removedColumns);

  return {
    async enqueue(entries) {
      const rows = entries.map((e) => ({
        account_id: e.accountId,
        seq: e.sequenceNumber,
        message_id: e.messageId,
        received_at: e.receivedAt,
        expires_at: e.expiresAt,
        sender_username: e.senderUsername ?? null,
        target_username: e.targetUsername ?? null,
        tag: e.tag ?? null,
        held: e.held ?? false,
      }));
      await insertRows(hot, 'inbox_entries', entryColumns, rows);
    },
    async lease(accountId, now, limit, leaseUntil, token) {
      const query = db('inbox_entries as e')
        .join('messages as m', 'm.id', 'e.message_id')
        .where('e.account_id', accountId)
        .andWhere('e.expires_at', '>', now)
        .andWhere('e.held', false)
        .andWhere((q) => q.whereNull('e.lease_until').orWhere('e.lease_until', '<=', now))
        .orderBy('e.seq')
        .limit(limit)
        .select<LeasedRow[]>(
          'm.*',
          'e.id as entry_id',
          'e.seq',
          'e.received_at',
          'e.delivery_count',
          'e.sender_username',
          'e.target_username',
          'e.tag',
        );
      // Two gateways polling one inbox on PostgreSQL must not lease the same entries.
      const rows = await dialect.skipLocked(query, 'e');
      const ids = rows.map((r) => r.entry_id);
      for (const part of chunks(ids)) {
        const { placeholders, bindings } = paddedInList(part);
        await hot.run(
          `update inbox_entries set lease_until = ?, lease_token = ?, delivery_count = delivery_count + 1 where id in (${placeholders})`,
          [leaseUntil, token, ...bindings],
        );
      }
      return rows.map(toInboxMessage);
    },
    async countAvailable(accountId, now) {
      const [row] = await hot.all<{ n: number | string }>(available, [
        accountId,
        accountId,
        accountId,
        now,
        now,
        false,
        now,
        accountId,
        false,
      ]);
      return Number(row?.n ?? 0);
    },
    async ackByToken(accountId, token) {
      return remove(entriesWithMessage().where({ 'e.account_id': accountId, 'e.lease_token': token }));
    },
    async ackBySequence(accountId, sequenceNumbers) {
      if (sequenceNumbers.length === 0) return [];
      return remove(
        entriesWithMessage()
          .where('e.account_id', accountId)
          .whereIn('e.seq', sequenceNumbers)
          // Only what was handed out can be acknowledged.
          .whereNotNull('e.lease_token'),
      );
    },
    async takeExpired(now, limit) {
      // Ordered by expires_at so SQLite walks the expires_at index; ordering by id made it scan every entry
      // of every inbox once a second, stalling the event loop in proportion to the total queued.
      // Two gateways sweeping one PostgreSQL database take disjoint batches (the rows each has locked).
      const query = entriesWithMessage().where('e.expires_at', '<=', now).orderBy('e.expires_at').orderBy('e.id').limit(limit);
      return remove(dialect.skipLocked(query, 'e'));
    },
    async depth() {
      const row = await db('inbox_entries').count({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },
  };
}
