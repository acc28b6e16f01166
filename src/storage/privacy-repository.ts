// Privacy settings and blocks (GU-5, PP2-23) over knex.
import type { Knex } from 'knex';
import type { PrivacyRepository } from '../domain/ports.js';
import type { MessageAcceptance, UserSettings } from '../domain/presence-types.js';
import { chunks } from './json-columns.js';

interface SettingsRow {
  account_id: number;
  alias: string | null;
  require_authorization: number | boolean;
  accept_messages_from: string;
  reject_while_unavailable: number | boolean;
  notify_attempted_contacts: number | boolean;
}

const toSettings = (row: SettingsRow): UserSettings => ({
  alias: row.alias ?? undefined,
  requireAuthorization: Boolean(row.require_authorization),
  acceptMessagesFrom: row.accept_messages_from as MessageAcceptance,
  rejectWhileUnavailable: Boolean(row.reject_while_unavailable),
  notifyAttemptedContacts: Boolean(row.notify_attempted_contacts),
});

type BlockTarget = { accountId: number } | { listId: number };
const targetColumns = (target: BlockTarget) =>
  'accountId' in target ? { account_id: target.accountId } : { list_id: target.listId };

export function privacyRepository(db: Knex | Knex.Transaction): PrivacyRepository {
  return {
    async settings(accountIds) {
      const found = new Map<number, UserSettings>();
      for (const ids of chunks(accountIds)) {
        for (const row of (await db('user_settings').whereIn('account_id', ids)) as SettingsRow[]) found.set(row.account_id, toSettings(row));
      }
      return found;
    },
    async saveSettings(accountId, s) {
      const fields = {
        alias: s.alias ?? null,
        require_authorization: s.requireAuthorization,
        accept_messages_from: s.acceptMessagesFrom,
        reject_while_unavailable: s.rejectWhileUnavailable,
        notify_attempted_contacts: s.notifyAttemptedContacts,
      };
      await db('user_settings').insert({ account_id: accountId, ...fields }).onConflict('account_id').merge(Object.keys(fields));
    },
    async block(ownerId, target, now) {
      const columns = targetColumns(target);
      if (await db('blocks').where({ owner_id: ownerId, ...columns }).first('id')) return false;
      await db('blocks').insert({ owner_id: ownerId, ...columns, created_at: now });
      return true;
    },
    async unblock(ownerId, target) {
      return (await db('blocks').where({ owner_id: ownerId, ...targetColumns(target) }).delete()) > 0;
    },
    async blocks(ownerId) {
      const users = (await db('blocks as b')
        .join('accounts as a', 'a.id', 'b.account_id')
        .where('b.owner_id', ownerId)
        .orderBy('a.address')
        .select('a.address')) as { address: string }[];
      const lists = (await db('blocks as b')
        .join('contact_lists as l', 'l.id', 'b.list_id')
        .where('b.owner_id', ownerId)
        .orderBy('l.name')
        .select('l.name')) as { name: string }[];
      return { users: users.map((u) => u.address), lists: lists.map((l) => l.name) };
    },
    async blockedAmong(ownerId, accountIds) {
      const blocked = new Set<number>();
      for (const ids of chunks(accountIds)) {
        const direct = (await db('blocks').where('owner_id', ownerId).whereIn('account_id', ids).select('account_id')) as { account_id: number }[];
        const viaList = (await db('blocks as b')
          .join('contact_entries as e', 'e.list_id', 'b.list_id')
          .where('b.owner_id', ownerId)
          .whereIn('e.contact_account_id', ids)
          .select('e.contact_account_id as account_id')) as { account_id: number }[];
        for (const r of [...direct, ...viaList]) blocked.add(r.account_id);
      }
      return blocked;
    },
    async blockersOf(accountId, ownerIds) {
      const blockers = new Set<number>();
      for (const ids of chunks(ownerIds)) {
        const direct = (await db('blocks').where('account_id', accountId).whereIn('owner_id', ids).select('owner_id')) as { owner_id: number }[];
        const viaList = (await db('blocks as b')
          .join('contact_entries as e', 'e.list_id', 'b.list_id')
          .where('e.contact_account_id', accountId)
          .whereIn('b.owner_id', ids)
          .select('b.owner_id')) as { owner_id: number }[];
        for (const r of [...direct, ...viaList]) blockers.add(r.owner_id);
      }
      return blockers;
    },
  };
}
