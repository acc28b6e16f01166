// Server-stored contact lists (PP2-27) over knex. Names and nicknames compare case-insensitively.
import type { Knex } from 'knex';
import type { ContactRepository } from '../ports.js';
import type { ContactEntryRecord, ContactListRecord } from '../../../kernel/social-types.js';
import { parseNameValues } from '../../../platform/db/json-columns.js';
import { chunks } from '../../../platform/db/batches.js';
import type { ContactEntryRow, ContactListRow, MessageRow } from '../../../platform/db/tables.js';

const listColumns = ['id', 'owner_id', 'name', 'created_at'] as const;

export const nameKey = (name: string): string => name.trim().toLowerCase();

const toList = (row: Pick<ContactListRow, (typeof listColumns)[number]>): ContactListRecord => ({
  id: row.id,
  ownerId: row.owner_id,
  name: row.name,
  createdAt: Number(row.created_at),
});

const toEntry = (row: ContactEntryRow): ContactEntryRecord => ({
  id: row.id,
  listId: row.list_id,
  accountId: row.contact_account_id,
  address: row.address,
  alias: row.alias ?? null,
  nickname: row.nickname,
  alternatives: parseNameValues(row.alternatives),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

export function contactRepository(db: Knex | Knex.Transaction): ContactRepository {
  return {
    async lists(ownerId) {
      return (await db('contact_lists').where({ owner_id: ownerId }).orderBy('id')).map(toList);
    },
    async findList(ownerId, name) {
      const row = await db('contact_lists')
        .where({ owner_id: ownerId, name_key: nameKey(name) })
        .first();
      return row && toList(row);
    },
    async createList(ownerId, name, now) {
      const [row] = await db('contact_lists')
        .insert({ owner_id: ownerId, name, name_key: nameKey(name), created_at: now })
        .returning(listColumns);
      return toList(row!);
    },
    async renameList(listId, name) {
      await db('contact_lists')
        .where({ id: listId })
        .update({ name, name_key: nameKey(name) });
    },
    async deleteList(listId) {
      await db('contact_lists').where({ id: listId }).delete();
    },
    async entries(listIds) {
      const rows: ContactEntryRow[] = [];
      for (const ids of chunks(listIds))
        rows.push(...(await db('contact_entries').whereIn('list_id', ids).orderBy('nickname_key').orderBy('id')));
      return rows.map(toEntry);
    },
    async findEntry(listId, nickname) {
      const row = await db('contact_entries')
        .where({ list_id: listId, nickname_key: nameKey(nickname) })
        .first();
      return row && toEntry(row);
    },
    async findEntryFor(listId, accountId) {
      const row = await db('contact_entries').where({ list_id: listId, contact_account_id: accountId }).first();
      return row && toEntry(row);
    },
    async addEntry(entry, now) {
      const [row] = await db('contact_entries')
        .insert({
          list_id: entry.listId,
          contact_account_id: entry.accountId,
          address: entry.address,
          alias: entry.alias ?? null,
          nickname: entry.nickname,
          nickname_key: nameKey(entry.nickname),
          alternatives: JSON.stringify(entry.alternatives),
          created_at: now,
          updated_at: now,
        })
        .returning('*');
      return toEntry(row!);
    },
    async updateEntry(entryId, change, now) {
      await db('contact_entries')
        .where({ id: entryId })
        .update({
          list_id: change.listId,
          nickname: change.nickname,
          nickname_key: nameKey(change.nickname),
          alternatives: JSON.stringify(change.alternatives),
          updated_at: now,
        });
    },
    async removeEntry(entryId) {
      await db('contact_entries').where({ id: entryId }).delete();
    },
    async countEntries(listId) {
      const row = await db('contact_entries').where({ list_id: listId }).count({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },
    async isContactOf(ownerId, accountId) {
      const row = await db('contact_entries as e')
        .join('contact_lists as l', 'l.id', 'e.list_id')
        .where({ 'l.owner_id': ownerId, 'e.contact_account_id': accountId })
        .first<Pick<ContactEntryRow, 'id'> | undefined>('e.id');
      return row !== undefined;
    },
    async senderOfReceived(messageId, recipientId) {
      const row = await db('messages as m')
        .join('message_recipients as r', 'r.message_id', 'm.id')
        .where({ 'm.id': messageId, 'm.kind': 'message', 'r.account_id': recipientId })
        .first<Pick<MessageRow, 'sender_address' | 'hide_sender'> | undefined>('m.sender_address', 'm.hide_sender');
      if (!row || row.hide_sender || row.sender_address === null) return undefined;
      return row.sender_address;
    },
  };
}
