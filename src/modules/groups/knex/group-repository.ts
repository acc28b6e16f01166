// Groups, members, invitations, bans, history, typing notices and the public chat switch over knex.
import type { Knex } from 'knex';
import { batchLimits, chunks } from '../../../platform/db/batches.js';
import { dialectOf } from '../../../platform/db/dialect.js';
import type { GroupMemberStatus } from '../../../kernel/notices.js';
import type {
  BanRecord,
  GroupAccess,
  GroupRecord,
  GroupRole,
  GroupVisibility,
  HistoryRecord,
  InvitationKind,
  InvitationRecord,
  MemberRecord,
} from '../group-types.js';
import type { GroupChanges, GroupRepository, MemberChanges } from '../ports.js';
import type { GroupBanRow, GroupHistoryRow, GroupInvitationRow, GroupMemberRow, GroupRow } from './group-rows.js';
import { historyPage } from './history-page.js';

const optionalNumber = (value: number | string | null): number | undefined => (value === null ? undefined : Number(value));

const toGroup = (row: GroupRow & { owner_address?: string | null }): GroupRecord => ({
  id: row.id,
  name: row.name,
  ownerId: row.owner_id,
  ownerAddress: row.owner_address ?? undefined,
  createdByOperator: Boolean(row.created_by_operator),
  access: row.access as GroupAccess,
  visibility: row.visibility as GroupVisibility,
  topic: row.topic ?? undefined,
  welcome: row.welcome ?? undefined,
  maxMembers: row.max_members,
  privateMessages: Boolean(row.private_messages),
  membersMayInvite: Boolean(row.members_may_invite),
  historySeconds: row.history_seconds,
  expiresAt: optionalNumber(row.expires_at),
  expiringNoticeSent: Boolean(row.expiring_notice_sent),
  lastSeq: Number(row.last_seq),
  createdAt: Number(row.created_at),
  lastActivityAt: Number(row.last_activity_at),
  closedAt: optionalNumber(row.closed_at),
});

const groupColumns = (g: GroupChanges): Partial<GroupRow> => {
  const row: Partial<GroupRow> = {};
  if (g.name !== undefined) row.name = g.name;
  if (g.ownerId !== undefined) row.owner_id = g.ownerId;
  if (g.createdByOperator !== undefined) row.created_by_operator = g.createdByOperator;
  if (g.access !== undefined) row.access = g.access;
  if (g.visibility !== undefined) row.visibility = g.visibility;
  if ('topic' in g) row.topic = g.topic ?? null;
  if ('welcome' in g) row.welcome = g.welcome ?? null;
  if (g.maxMembers !== undefined) row.max_members = g.maxMembers;
  if (g.privateMessages !== undefined) row.private_messages = g.privateMessages;
  if (g.membersMayInvite !== undefined) row.members_may_invite = g.membersMayInvite;
  if (g.historySeconds !== undefined) row.history_seconds = g.historySeconds;
  if ('expiresAt' in g) row.expires_at = g.expiresAt ?? null;
  if (g.expiringNoticeSent !== undefined) row.expiring_notice_sent = g.expiringNoticeSent;
  if (g.lastActivityAt !== undefined) row.last_activity_at = g.lastActivityAt;
  if ('closedAt' in g) row.closed_at = g.closedAt ?? null;
  return row;
};

const toMember = (row: GroupMemberRow & { address: string }): MemberRecord => ({
  groupId: row.group_id,
  accountId: row.account_id,
  address: row.address,
  role: row.role as GroupRole,
  screenName: row.screen_name,
  muted: Boolean(row.muted),
  typingNotices: Boolean(row.typing_notices),
  joinedAt: Number(row.joined_at),
  lastSentAt: optionalNumber(row.last_sent_at),
});

const toInvitation = (row: GroupInvitationRow & { address: string }): InvitationRecord => ({
  groupId: row.group_id,
  accountId: row.account_id,
  address: row.address,
  kind: row.kind as InvitationKind,
  inviterId: row.inviter_id,
  screenName: row.screen_name ?? undefined,
  createdAt: Number(row.created_at),
});

const toBan = (row: GroupBanRow): BanRecord => ({
  groupId: row.group_id,
  accountId: row.account_id,
  screenKey: row.screen_key,
  reason: row.reason ?? undefined,
  bannedAt: Number(row.banned_at),
});

const toHistory = (row: GroupHistoryRow): HistoryRecord => ({
  groupId: row.group_id,
  seq: Number(row.seq),
  kind: row.kind === 'event' ? 'event' : 'message',
  messageId: row.message_id ?? undefined,
  senderId: row.sender_id ?? undefined,
  screenName: row.screen_name ?? undefined,
  privateTo: row.private_to ?? undefined,
  type: row.type ?? undefined,
  status: (row.status ?? undefined) as GroupMemberStatus | 'changed' | 'closed' | undefined,
  contentType: row.content_type ?? undefined,
  content: row.content ?? undefined,
  at: Number(row.at),
});

const publicChat = 'publicChat';

export function groupRepository(db: Knex | Knex.Transaction): GroupRepository {
  const dialect = dialectOf(db);
  // Members and invitations are read with their account's address (accounts is read for the address only).
  const members = () =>
    db('group_members as m')
      .join('accounts as a', 'a.id', 'm.account_id')
      .select<(GroupMemberRow & { address: string })[]>('m.*', 'a.address');
  const invitations = () =>
    db('group_invitations as i')
      .join('accounts as a', 'a.id', 'i.account_id')
      .select<(GroupInvitationRow & { address: string })[]>('i.*', 'a.address');
  const groups = () =>
    db('groups as g')
      .leftJoin('accounts as o', 'o.id', 'g.owner_id')
      .select<(GroupRow & { owner_address: string | null })[]>('g.*', 'o.address as owner_address');

  return {
    async insert(g) {
      await db('groups').insert({
        id: g.id,
        name: g.name,
        owner_id: g.ownerId,
        created_by_operator: g.createdByOperator,
        access: g.access,
        visibility: g.visibility,
        topic: g.topic ?? null,
        welcome: g.welcome ?? null,
        max_members: g.maxMembers,
        private_messages: g.privateMessages,
        members_may_invite: g.membersMayInvite,
        history_seconds: g.historySeconds,
        expires_at: g.expiresAt ?? null,
        expiring_notice_sent: false,
        last_seq: 0,
        created_at: g.createdAt,
        last_activity_at: g.createdAt,
        closed_at: null,
      });
    },
    async find(groupId) {
      const [row] = await groups().where('g.id', groupId);
      return row ? toGroup(row) : undefined;
    },
    async update(groupId, changes) {
      const row = groupColumns(changes);
      if (Object.keys(row).length > 0) await db('groups').where({ id: groupId }).update(row);
    },
    async nextSeq(groupId, now) {
      await db('groups')
        .where({ id: groupId })
        .update({ last_seq: db.raw('last_seq + 1'), last_activity_at: now });
      const row = await db('groups').where({ id: groupId }).first('last_seq');
      return Number(row?.last_seq ?? 0);
    },
    async groupsOf(accountId) {
      const rows = await groups()
        .join('group_members as m', 'm.group_id', 'g.id')
        .where('m.account_id', accountId)
        .whereNull('g.closed_at')
        .orderBy('g.id');
      return rows.map(toGroup);
    },
    async countMemberships(accountId) {
      const row = await db('group_members as m')
        .join('groups as g', 'g.id', 'm.group_id')
        .where('m.account_id', accountId)
        .whereNull('g.closed_at')
        .count<{ n: number | string }[]>('* as n')
        .first();
      return Number(row?.n ?? 0);
    },
    async countCreated(ownerId) {
      const row = await db('groups')
        .where({ owner_id: ownerId, created_by_operator: false })
        .whereNull('closed_at')
        .count<{ n: number | string }[]>('* as n')
        .first();
      return Number(row?.n ?? 0);
    },
    async rooms(query, offset, limit, includePrivate) {
      const matching = () => {
        const q = db('groups as g').whereNull('g.closed_at');
        if (!includePrivate) q.where('g.visibility', 'public');
        if (query) {
          // LIKE with the user's text escaped: % and _ are literal characters in a search.
          const pattern = `%${query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
          q.andWhere((w) =>
            w
              .whereRaw("lower(g.name) like ? escape '\\'", [pattern])
              .orWhereRaw("lower(coalesce(g.topic, '')) like ? escape '\\'", [pattern]),
          );
        }
        return q;
      };
      const total = await matching().count<{ n: number | string }[]>('* as n').first();
      const rows = await matching()
        .leftJoin('accounts as o', 'o.id', 'g.owner_id')
        .select<(GroupRow & { owner_address: string | null })[]>('g.*', 'o.address as owner_address')
        .orderBy([{ column: 'g.name' }, { column: 'g.id' }])
        .offset(offset)
        .limit(limit);
      return { rooms: rows.map(toGroup), total: Number(total?.n ?? 0) };
    },
    async openPublicRoomIds() {
      const rows = await db('groups').where({ visibility: 'public' }).whereNull('closed_at').select('id');
      return rows.map((r) => r.id);
    },
    async expiringUnnoticed(before, limit) {
      // Gateways sweeping one PostgreSQL database take disjoint groups: each is told and closed once.
      const rows = await dialect.skipLocked(
        groups()
          .whereNotNull('g.expires_at')
          .where('g.expires_at', '<', before)
          .where('g.expiring_notice_sent', false)
          .whereNull('g.closed_at')
          .orderBy('g.expires_at')
          .limit(limit),
        'g',
      );
      return rows.map(toGroup);
    },
    async expiredIdle(now, idleSince, limit) {
      // Gateways sweeping one PostgreSQL database take disjoint groups: each is told and closed once.
      const rows = await dialect.skipLocked(
        groups()
          .whereNotNull('g.expires_at')
          .where('g.expires_at', '<', now)
          .where('g.last_activity_at', '<', idleSince)
          .whereNull('g.closed_at')
          .orderBy('g.expires_at')
          .limit(limit),
        'g',
      );
      return rows.map(toGroup);
    },
    async purgeClosed(before) {
      return db('groups').whereNotNull('closed_at').where('closed_at', '<', before).delete();
    },

    async members(groupId) {
      return (await members().where('m.group_id', groupId).orderBy('m.joined_at').orderBy('m.account_id')).map(toMember);
    },
    async countMembers(groupId) {
      const row = await db('group_members').where({ group_id: groupId }).count<{ n: number | string }[]>('* as n').first();
      return Number(row?.n ?? 0);
    },
    async member(groupId, accountId) {
      const [row] = await members().where({ 'm.group_id': groupId, 'm.account_id': accountId });
      return row ? toMember(row) : undefined;
    },
    async memberByScreenName(groupId, screenKey) {
      const [row] = await members().where({ 'm.group_id': groupId, 'm.screen_key': screenKey });
      return row ? toMember(row) : undefined;
    },
    async takenScreenKeys(groupId, screenKeys) {
      const taken = new Set<string>();
      for (const part of chunks(screenKeys)) {
        const rows = await db('group_members').where({ group_id: groupId }).whereIn('screen_key', part).select('screen_key');
        for (const r of rows) taken.add(r.screen_key);
      }
      return taken;
    },
    async addMember(m) {
      await db('group_members').insert({
        group_id: m.groupId,
        account_id: m.accountId,
        role: m.role,
        screen_name: m.screenName,
        screen_key: m.screenName.toLowerCase(),
        muted: m.muted,
        typing_notices: m.typingNotices,
        joined_at: m.joinedAt,
        last_sent_at: null,
      });
    },
    async updateMember(groupId, accountId, changes: MemberChanges) {
      const row: Partial<GroupMemberRow> = {};
      if (changes.role !== undefined) row.role = changes.role;
      if (changes.screenName !== undefined) {
        row.screen_name = changes.screenName;
        row.screen_key = changes.screenName.toLowerCase();
      }
      if (changes.muted !== undefined) row.muted = changes.muted;
      if (changes.typingNotices !== undefined) row.typing_notices = changes.typingNotices;
      if (changes.lastSentAt !== undefined) row.last_sent_at = changes.lastSentAt;
      await db('group_members').where({ group_id: groupId, account_id: accountId }).update(row);
    },
    async removeMember(groupId, accountId) {
      await db('group_members').where({ group_id: groupId, account_id: accountId }).delete();
      await db('group_typing_notices')
        .where({ group_id: groupId })
        .andWhere((w) => w.where('sender_id', accountId).orWhere('recipient_id', accountId))
        .delete();
    },
    async removeAllMembers(groupId) {
      await db('group_members').where({ group_id: groupId }).delete();
      await db('group_invitations').where({ group_id: groupId }).delete();
      await db('group_typing_notices').where({ group_id: groupId }).delete();
    },

    async invitation(groupId, accountId, kind) {
      const [row] = await invitations().where({ 'i.group_id': groupId, 'i.account_id': accountId, 'i.kind': kind });
      return row ? toInvitation(row) : undefined;
    },
    async invitationByScreenName(groupId, screenKey, kind) {
      const rows = await invitations().where({ 'i.group_id': groupId, 'i.kind': kind });
      const row = rows.find((r) => r.screen_name?.toLowerCase() === screenKey);
      return row ? toInvitation(row) : undefined;
    },
    async saveInvitation(inv) {
      await db('group_invitations')
        .insert({
          group_id: inv.groupId,
          account_id: inv.accountId,
          kind: inv.kind,
          inviter_id: inv.inviterId,
          screen_name: inv.screenName ?? null,
          created_at: inv.createdAt,
        })
        .onConflict(['group_id', 'account_id', 'kind'])
        .merge(['inviter_id', 'screen_name', 'created_at']);
    },
    async removeInvitations(groupId, accountId) {
      await db('group_invitations').where({ group_id: groupId, account_id: accountId }).delete();
    },

    async ban(groupId, accountId) {
      const row = await db('group_bans').where({ group_id: groupId, account_id: accountId }).first();
      return row ? toBan(row) : undefined;
    },
    async banByScreenName(groupId, screenKey) {
      const row = await db('group_bans').where({ group_id: groupId, screen_key: screenKey }).orderBy('banned_at', 'desc').first();
      return row ? toBan(row) : undefined;
    },
    async saveBan(ban) {
      await db('group_bans')
        .insert({
          group_id: ban.groupId,
          account_id: ban.accountId,
          screen_key: ban.screenKey,
          reason: ban.reason ?? null,
          banned_at: ban.bannedAt,
        })
        .onConflict(['group_id', 'account_id'])
        .merge(['screen_key', 'reason', 'banned_at']);
    },
    async removeBan(groupId, accountId) {
      await db('group_bans').where({ group_id: groupId, account_id: accountId }).delete();
    },
    async chatBanned(accountId) {
      return (await db('public_chat_bans').where({ account_id: accountId }).first('account_id')) !== undefined;
    },
    async saveChatBan(ban) {
      const inserted = await db('public_chat_bans')
        .insert({ account_id: ban.accountId, reason: ban.reason ?? null, banned_by: ban.bannedBy, banned_at: ban.bannedAt })
        .onConflict('account_id')
        .ignore()
        .returning('account_id');
      return inserted.length > 0;
    },
    async removeChatBan(accountId) {
      return (await db('public_chat_bans').where({ account_id: accountId }).delete()) > 0;
    },
    async publicRoomsOf(accountId) {
      const rows = await groups()
        .join('group_members as m', 'm.group_id', 'g.id')
        .where({ 'm.account_id': accountId, 'g.visibility': 'public' })
        .whereNull('g.closed_at')
        .orderBy('g.id');
      return rows.map(toGroup);
    },

    async appendHistory(e) {
      await db('group_history').insert({
        group_id: e.groupId,
        seq: e.seq,
        kind: e.kind,
        message_id: e.messageId ?? null,
        sender_id: e.senderId ?? null,
        screen_name: e.screenName ?? null,
        private_to: e.privateTo ?? null,
        type: e.type ?? null,
        status: e.status ?? null,
        content_type: e.contentType ?? null,
        content: e.content ?? null,
        at: e.at,
      });
    },
    async history(groupId, viewerId, order, from, limit) {
      const q = db('group_history')
        .where({ group_id: groupId })
        .andWhere((w) => w.whereNull('private_to').orWhere('private_to', viewerId).orWhere('sender_id', viewerId));
      return (await historyPage(q, order, from, limit)).map(toHistory);
    },
    async purgeHistory(now, maxRetentionSeconds) {
      // The operator's retention for all, then the groups that lowered theirs (MU-7), each on its own: plain
      // comparisons with bound numbers, the same SQL on SQLite and PostgreSQL.
      let purged = await db('group_history')
        .where('at', '<', now - maxRetentionSeconds * 1000)
        .delete();
      const shorter = await db('groups')
        .where('history_seconds', '<', maxRetentionSeconds)
        .whereNull('closed_at')
        .select('id', 'history_seconds');
      for (const g of shorter)
        purged += await db('group_history')
          .where({ group_id: g.id })
          .andWhere('at', '<', now - g.history_seconds * 1000)
          .delete();
      return purged;
    },

    async unreadTyping(groupId, senderId, recipientIds, now) {
      // The inbox's tables, read for one fact: whether the last typing notice is still unread (never leased)
      // and alive, so a new signal rewrites it instead of adding one (coalescing, PP-37).
      const wanted = new Set(recipientIds);
      const rows = await db('group_typing_notices as t')
        .join('inbox_entries as e', (j) => j.on('e.message_id', 't.message_id').andOn('e.account_id', 't.recipient_id'))
        .where({ 't.group_id': groupId, 't.sender_id': senderId })
        .whereNull('e.lease_token')
        .andWhere('e.expires_at', '>', now)
        .select<{ recipient_id: number; message_id: string }[]>('t.recipient_id', 't.message_id');
      return new Map(rows.filter((r) => wanted.has(r.recipient_id)).map((r) => [r.recipient_id, r.message_id]));
    },
    async trackTyping(groupId, senderId, notices) {
      const rows = notices.map((n) => ({ group_id: groupId, sender_id: senderId, recipient_id: n.recipientId, message_id: n.messageId }));
      for (const part of chunks(rows, batchLimits.rowsPerInsert)) {
        await db('group_typing_notices').insert(part).onConflict(['group_id', 'sender_id', 'recipient_id']).merge(['message_id']);
      }
    },
    async rewriteNotices(messageIds, notification, content, now, validUntil) {
      // Typing notices are this module's own inbox messages: rewritten in place while unread, as presence does.
      for (const ids of chunks(messageIds)) {
        await db('messages').whereIn('id', ids).update({ notification, content, sent_at: now, expires_at: validUntil });
        await db('inbox_entries').whereIn('message_id', ids).update({ received_at: now, expires_at: validUntil });
      }
    },

    async conversationBetween(a, b, limit) {
      // The messaging module's tables, read for one purpose: the exchange a 1:1 conversation turns into group
      // history (5.13). User messages only (kind message, no notification: group copies carry one).
      const rows = await db('messages as m')
        .join('message_recipients as r', 'r.message_id', 'm.id')
        .where('m.kind', 'message')
        .whereNull('m.notification')
        .andWhere((w) =>
          w.where({ 'm.sender_account_id': a, 'r.account_id': b }).orWhere((o) => o.where({ 'm.sender_account_id': b, 'r.account_id': a })),
        )
        .orderBy('m.sent_at', 'desc')
        .orderBy('m.id', 'desc')
        .limit(limit)
        .select<{ sender_account_id: number; content_type: string; content: Buffer; sent_at: number | string }[]>(
          'm.sender_account_id',
          'm.content_type',
          'm.content',
          'm.sent_at',
        );
      return rows
        .reverse()
        .map((r) => ({ senderId: r.sender_account_id, contentType: r.content_type, content: r.content, sentAt: Number(r.sent_at) }));
    },
    async publicChatEnabled() {
      const row = await db('group_switches').where({ name: publicChat }).first();
      return row ? Boolean(row.enabled) : true;
    },
    async setPublicChat(enabled, now) {
      await db('group_switches').insert({ name: publicChat, enabled, updated_at: now }).onConflict('name').merge(['enabled', 'updated_at']);
    },
  };
}
