// Privacy settings and blocks (GU-5, PP2-23) over knex.
import type { Knex } from 'knex';
import type { AdmissionFacts, BlockTarget, PrivacyRepository } from '../ports.js';
import type { HotStatements } from '../../../platform/db/hot-statements.js';
import type { MessageAcceptance, UserSettings } from '../../../kernel/social-types.js';
import { chunks } from '../../../platform/db/batches.js';
import './operator-block-rows.js';
import type { AccountRow, BlockRow, ContactListRow, UserSettingsRow } from '../../../platform/db/tables.js';

const toSettings = (row: UserSettingsRow): UserSettings => ({
  alias: row.alias ?? undefined,
  requireAuthorization: Boolean(row.require_authorization),
  acceptMessagesFrom: row.accept_messages_from as MessageAcceptance,
  rejectWhileUnavailable: Boolean(row.reject_while_unavailable),
  notifyAttemptedContacts: Boolean(row.notify_attempted_contacts),
});

const targetColumns = (target: BlockTarget) =>
  'accountId' in target ? { account_id: target.accountId } : 'listId' in target ? { list_id: target.listId } : { domain: target.domain };

// An account is in a blocked domain when its address ends in "@<domain>" (addresses and domains are stored
// lower-case; a domain name holds no LIKE wildcard, `_` being no letter of a host name).
const inDomain = (address: string, domain: string) => `${address} like ('%@' || ${domain})`;

/** Whether the operator blocks account `acc` (an alias of accounts): itself, or its whole domain. */
const operatorBlocks = (acc: string) =>
  `exists (select 1 from operator_blocks o where o.account_id = ${acc}.id or (o.domain is not null and ${inDomain(`${acc}.address`, 'o.domain')}))`;

/**
 * Blocks either way (direct, or through a blocked list holding the other account) and settings, per
 * recipient: the three questions of admission in one statement. The recipient also blocks a sender of a
 * domain it blocked, and every recipient blocks a sender the operator blocked. `?` 1-4 the sender's id, 5 its
 * address, 6 its id, 7 its address, then the ids. A sender with no account here (a peer domain's user never
 * seen) matches only domain blocks.
 */
const admissionFactsSql = (ids: number) => `
  select a.id,
    (exists (select 1 from blocks where owner_id = ? and account_id = a.id)
      or exists (select 1 from blocks b join contact_entries e on e.list_id = b.list_id
                 where b.owner_id = ? and e.contact_account_id = a.id)) as blocked_by_sender,
    (exists (select 1 from blocks where owner_id = a.id and account_id = ?)
      or exists (select 1 from blocks b join contact_entries e on e.list_id = b.list_id
                 where b.owner_id = a.id and e.contact_account_id = ?)
      or exists (select 1 from blocks bd where bd.owner_id = a.id and bd.domain is not null and ${inDomain('?', 'bd.domain')})
      or exists (select 1 from operator_blocks o
                 where o.account_id = ? or (o.domain is not null and ${inDomain('?', 'o.domain')}))) as blocks_sender,
    s.account_id as settings_of, s.alias, s.require_authorization, s.accept_messages_from,
    s.reject_while_unavailable, s.notify_attempted_contacts,
    -- What only some settings ask, asked only of the recipients whose settings ask it (README "Group commit":
    -- admission in one statement): is the sender in one of the recipient's contact lists (contacts' tables),
    -- and the recipient's published availability (presence's table).
    case when s.accept_messages_from = 'contacts' then exists (select 1 from contact_entries ce
      join contact_lists cl on cl.id = ce.list_id where cl.owner_id = a.id and ce.contact_account_id = ?) end as sender_is_contact,
    case when s.reject_while_unavailable then (select p.availability from presence p where p.account_id = a.id) end as availability
  from accounts a left join user_settings s on s.account_id = a.id
  where a.id in (${new Array<string>(ids).fill('?').join(', ')})`;

type AdmissionRow = {
  id: number;
  blocked_by_sender: unknown;
  blocks_sender: unknown;
  settings_of: number | null;
  sender_is_contact: unknown;
  availability: string | null;
} & Omit<UserSettingsRow, 'account_id'>;

/** `hot` runs admission's statement (every send); the rest goes through knex. */
export function privacyRepository(db: Knex | Knex.Transaction, hot: HotStatements): PrivacyRepository {
  return {
    async admissionFacts(sender, recipientIds) {
      const senderId = sender.id;
      const found = new Map<number, AdmissionFacts>();
      for (const ids of chunks(recipientIds)) {
        const rows = await hot.all<AdmissionRow>(admissionFactsSql(ids.length), [
          senderId,
          senderId,
          senderId,
          senderId,
          sender.address,
          senderId,
          sender.address,
          senderId,
          ...ids,
        ]);
        for (const row of rows) {
          found.set(row.id, {
            blockedBySender: Boolean(row.blocked_by_sender),
            blocksSender: Boolean(row.blocks_sender),
            settings: row.settings_of === null ? undefined : toSettings({ ...row, account_id: row.settings_of }),
            senderIsContact: row.sender_is_contact === null ? undefined : Boolean(row.sender_is_contact),
            availability: row.availability ?? undefined,
          });
        }
      }
      return found;
    },
    async settings(accountIds) {
      const found = new Map<number, UserSettings>();
      for (const ids of chunks(accountIds)) {
        for (const row of await db('user_settings').whereIn('account_id', ids)) found.set(row.account_id, toSettings(row));
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
      await db('user_settings')
        .insert({ account_id: accountId, ...fields })
        .onConflict('account_id')
        .merge(fields);
    },
    async block(ownerId, target, now) {
      const columns = targetColumns(target);
      if (
        await db('blocks')
          .where({ owner_id: ownerId, ...columns })
          .first('id')
      )
        return false;
      await db('blocks').insert({ owner_id: ownerId, ...columns, created_at: now });
      return true;
    },
    async unblock(ownerId, target) {
      return (
        (await db('blocks')
          .where({ owner_id: ownerId, ...targetColumns(target) })
          .delete()) > 0
      );
    },
    async blocks(ownerId) {
      const users = await db('blocks as b')
        .join('accounts as a', 'a.id', 'b.account_id')
        .where('b.owner_id', ownerId)
        .orderBy('a.address')
        .select<Pick<AccountRow, 'address'>[]>('a.address');
      const lists = await db('blocks as b')
        .join('contact_lists as l', 'l.id', 'b.list_id')
        .where('b.owner_id', ownerId)
        .orderBy('l.name')
        .select<Pick<ContactListRow, 'name'>[]>('l.name');
      const domains = await db('blocks').where('owner_id', ownerId).whereNotNull('domain').orderBy('domain').select('domain');
      return { users: users.map((u) => u.address), lists: lists.map((l) => l.name), domains: domains.map((d) => d.domain!) };
    },
    // Both directions of a block, each in one statement: a user blocked directly or through a blocked list.
    blockedAmong: (ownerId, accountIds) => blockEdges(db, 'owner', ownerId, accountIds),
    blockersOf: (accountId, ownerIds) => blockEdges(db, 'blocked', accountId, ownerIds),

    async operatorBlock(target, reason, now) {
      const column = 'accountId' in target ? { account_id: target.accountId } : { domain: target.domain };
      if (await db('operator_blocks').where(column).first('id')) return false;
      await db('operator_blocks').insert({ ...column, reason: reason ?? null, created_at: now });
      return true;
    },
    async operatorUnblock(target) {
      const column = 'accountId' in target ? { account_id: target.accountId } : { domain: target.domain };
      return (await db('operator_blocks').where(column).delete()) > 0;
    },
    async operatorBlocks() {
      const rows = await db('operator_blocks as o')
        .leftJoin('accounts as a', 'a.id', 'o.account_id')
        .orderBy('o.id')
        .select<{ address: string | null; domain: string | null; reason: string | null; created_at: number | string }[]>(
          'a.address',
          'o.domain',
          'o.reason',
          'o.created_at',
        );
      return rows.map((r) => ({ target: (r.address ?? r.domain)!, reason: r.reason ?? undefined, createdAt: Number(r.created_at) }));
    },
  };
}

/**
 * Block edges between one fixed account and some others. side 'owner': which of `others` the fixed account
 * blocks; side 'blocked': which of `others` block the fixed account. Direct blocks, blocked lists and blocked
 * domains in one UNION, so SendMessages pays one statement per direction. An account the operator blocked is
 * blocked by everyone (and, side 'owner', counts among those the fixed account blocks).
 */
async function blockEdges(
  db: Knex | Knex.Transaction,
  side: 'owner' | 'blocked',
  fixedId: number,
  others: readonly number[],
): Promise<Set<number>> {
  const found = new Set<number>();
  const [fixedDirect, otherDirect] = side === 'owner' ? ['owner_id', 'account_id'] : ['account_id', 'owner_id'];
  const [fixedViaList, otherViaList] = side === 'owner' ? ['b.owner_id', 'e.contact_account_id'] : ['e.contact_account_id', 'b.owner_id'];
  for (const ids of chunks(others)) {
    // An account id either way (owner_id, account_id or contact_account_id, never null where it matched).
    const rows = await db('blocks')
      .where(fixedDirect, fixedId)
      .whereIn(otherDirect, ids)
      .select<{ id: BlockRow['owner_id'] }[]>(`${otherDirect} as id`)
      .union((q) =>
        q
          .from('blocks as b')
          .join('contact_entries as e', 'e.list_id', 'b.list_id')
          .where(fixedViaList, fixedId)
          .whereIn(otherViaList, ids)
          .select(`${otherViaList} as id`),
      )
      .union((q) =>
        side === 'owner'
          ? q
              .from(db.raw('accounts a, blocks b'))
              .where('b.owner_id', fixedId)
              .whereNotNull('b.domain')
              .whereIn('a.id', ids)
              .whereRaw(inDomain('a.address', 'b.domain'))
              .select('a.id as id')
          : q
              .from(db.raw('blocks b, accounts a'))
              .where('a.id', fixedId)
              .whereNotNull('b.domain')
              .whereIn('b.owner_id', ids)
              .whereRaw(inDomain('a.address', 'b.domain'))
              .select('b.owner_id as id'),
      );
    for (const r of rows) found.add(r.id);
    // The operator's blocks: side 'owner', the blocked among the others; side 'blocked', everyone blocks a blocked fixed account.
    const operatorBlocked = await db('accounts as a')
      .whereIn('a.id', side === 'owner' ? ids : [fixedId])
      .whereRaw(operatorBlocks('a'))
      .select<{ id: number }[]>('a.id');
    if (side === 'owner') for (const r of operatorBlocked) found.add(r.id);
    else if (operatorBlocked.length > 0) for (const id of ids) found.add(id);
  }
  return found;
}
