// At a member's gateway, the groups of peer domains its accounts belong to and its copy of their history
// (db/migrations/20261201000200_remote_groups.ts; docs/groups.md "Members in a peer domain") over knex.
import type { Knex } from 'knex';
import type { BigIntColumn, BooleanColumn } from '../../../platform/db/tables.js';
import type { RemoteGroupRepository } from '../ports.js';
import type { RemoteGroupRecord, RemoteHistoryRecord } from '../group-types.js';
import { historyPage } from './history-page.js';

export interface RemoteGroupRow {
  account_id: number;
  group_id: string;
  group: string;
  history_seconds: number;
  member_count: number;
  screen_name: string;
  role: string;
  muted: BooleanColumn;
  typing_notices: BooleanColumn;
  joined_at: BigIntColumn;
  updated_at: BigIntColumn;
}

export interface RemoteGroupHistoryRow {
  account_id: number;
  group_id: string;
  seq: BigIntColumn;
  kind: string;
  screen_name: string | null;
  private: BooleanColumn;
  type: string | null;
  status: string | null;
  content_type: string | null;
  content: Buffer | null;
  at: BigIntColumn;
}

declare module 'knex/types/tables.js' {
  interface Tables {
    remote_groups: RemoteGroupRow;
    remote_group_history: RemoteGroupHistoryRow;
  }
}

const toRecord = (row: RemoteGroupRow): RemoteGroupRecord => ({
  accountId: row.account_id,
  groupId: row.group_id,
  // Written by save() below from a checked record; read back as it was written.
  group: JSON.parse(row.group) as RemoteGroupRecord['group'],
  memberCount: row.member_count,
  me: {
    groupId: row.group_id,
    accountId: row.account_id,
    // The account's address is not stored here: the caller's own (remote-state.ts viewOf).
    address: '',
    role: row.role as RemoteGroupRecord['me']['role'],
    screenName: row.screen_name,
    muted: Boolean(row.muted),
    typingNotices: Boolean(row.typing_notices),
    joinedAt: Number(row.joined_at),
  },
  updatedAt: Number(row.updated_at),
});

const toHistory = (row: RemoteGroupHistoryRow): RemoteHistoryRecord => ({
  accountId: row.account_id,
  groupId: row.group_id,
  seq: Number(row.seq),
  kind: row.kind === 'event' ? 'event' : 'message',
  screenName: row.screen_name ?? undefined,
  private: Boolean(row.private),
  type: row.type ?? undefined,
  status: row.status ?? undefined,
  contentType: row.content_type ?? undefined,
  content: row.content ?? undefined,
  at: Number(row.at),
});

export function remoteGroupRepository(db: Knex | Knex.Transaction): RemoteGroupRepository {
  const key = (accountId: number, groupId: string) => ({ account_id: accountId, group_id: groupId });
  return {
    async find(accountId, groupId) {
      const row = await db('remote_groups').where(key(accountId, groupId)).first();
      return row ? toRecord(row) : undefined;
    },
    async list(accountId) {
      return (await db('remote_groups').where({ account_id: accountId }).orderBy('group_id')).map(toRecord);
    },
    async save(r) {
      await db('remote_groups')
        .insert({
          ...key(r.accountId, r.groupId),
          group: JSON.stringify(r.group),
          history_seconds: r.group.historySeconds,
          member_count: r.memberCount,
          screen_name: r.me.screenName,
          role: r.me.role,
          muted: r.me.muted,
          typing_notices: r.me.typingNotices,
          joined_at: r.me.joinedAt,
          updated_at: r.updatedAt,
        })
        .onConflict(['account_id', 'group_id'])
        .merge();
    },
    async setTypingNotices(accountId, groupId, typingNotices) {
      await db('remote_groups').where(key(accountId, groupId)).update({ typing_notices: typingNotices });
    },
    async remove(accountId, groupId) {
      await db('remote_group_history').where(key(accountId, groupId)).delete();
      await db('remote_groups').where(key(accountId, groupId)).delete();
    },
    async appendHistory(e) {
      await db('remote_group_history')
        .insert({
          ...key(e.accountId, e.groupId),
          seq: e.seq,
          kind: e.kind,
          screen_name: e.screenName ?? null,
          private: e.private,
          type: e.type ?? null,
          status: e.status ?? null,
          content_type: e.contentType ?? null,
          content: e.content ?? null,
          at: e.at,
        })
        .onConflict(['account_id', 'group_id', 'seq'])
        .ignore();
    },
    async history(accountId, groupId, order, from, limit) {
      const q = db('remote_group_history').where(key(accountId, groupId));
      return (await historyPage(q, order, from, limit)).map(toHistory);
    },
    async purgeHistory(now, maxRetentionSeconds) {
      // As the local history's purge (group-repository.ts): the operator's retention for all, then each
      // group whose host notified a shorter one.
      let purged = await db('remote_group_history')
        .where('at', '<', now - maxRetentionSeconds * 1000)
        .delete();
      const shorter = await db('remote_groups')
        .where('history_seconds', '<', maxRetentionSeconds)
        .select('account_id', 'group_id', 'history_seconds');
      for (const g of shorter)
        purged += await db('remote_group_history')
          .where(key(g.account_id, g.group_id))
          .andWhere('at', '<', now - g.history_seconds * 1000)
          .delete();
      return purged;
    },
  };
}
