// Accounts over knex. Rows are AccountRow (platform/db/tables.ts); the domain sees Account.
import type { Knex } from 'knex';
import type { NewAccount } from '../ports.js';
import type { AccountRepository } from '../ports.js';
import type { Account, AccountCredentials, AccountState, Role } from '../../../kernel/types.js';
import type { AccountRow } from '../../../platform/db/tables.js';
import type { HotStatements } from '../../../platform/db/hot-statements.js';
import { chunks } from '../../../platform/db/batches.js';
import { paddedInList } from '../../../platform/db/in-lists.js';

const publicColumns = ['id', 'address', 'msisdn', 'role', 'created_at', 'state', 'refuse_messages', 'policy_class'] as const;

type PublicAccountRow = Pick<AccountRow, (typeof publicColumns)[number]>;

const toAccount = (row: PublicAccountRow): Account => ({
  id: row.id,
  address: row.address,
  msisdn: row.msisdn,
  role: row.role as Role,
  createdAt: Number(row.created_at),
  state: row.state as AccountState,
  refusesMessages: Boolean(row.refuse_messages),
  policyClass: row.policy_class,
});

// Every authenticated request: the account and whether its nonce was used, in one statement. used_nonces is
// the auth platform's table (its nonce-repository.ts writes it); reading it here saves a statement per request.
const credentials = 'select a.*, exists (select 1 from used_nonces u where u.nonce = ?) as nonce_seen from accounts a where a.address = ?';

const reserve = 'update accounts set inbox_seq = inbox_seq + ?, inbox_queued = inbox_queued + ? where id = ? returning inbox_seq';

/** `hot` runs the sequence reservation every send makes; the rest goes through knex. */
export function accountRepository(db: Knex | Knex.Transaction, hot: HotStatements, now: () => number): AccountRepository {
  return {
    async create(account: NewAccount) {
      const createdAt = now();
      const [row] = await db('accounts')
        .insert({
          address: account.address,
          msisdn: account.msisdn,
          role: account.role,
          password_hash: account.passwordHash,
          sealed_secret: account.sealedSecret,
          created_at: createdAt,
          state: account.state ?? 'active',
        })
        .returning(publicColumns);
      return toAccount(row!);
    },
    async findByAddress(address) {
      const row = await db('accounts')
        .where({ address })
        .first(...publicColumns);
      return row && toAccount(row);
    },
    async findByMsisdn(msisdn) {
      const row = await db('accounts')
        .where({ msisdn })
        .first(...publicColumns);
      return row && toAccount(row);
    },
    async findMany(addresses, msisdns) {
      const found: Account[] = [];
      for (const [column, values] of [
        ['address', addresses],
        ['msisdn', msisdns],
      ] as const) {
        for (const part of chunks([...new Set(values)])) {
          // Padded IN lists: few statement texts, each prepared once (in-lists.ts).
          const { placeholders, bindings } = paddedInList(part);
          const sql = `select ${publicColumns.join(', ')} from accounts where ${column} in (${placeholders})`;
          for (const row of await hot.all<PublicAccountRow>(sql, bindings)) found.push(toAccount(row));
        }
      }
      return found;
    },
    async findById(id) {
      const row = await db('accounts')
        .where({ id })
        .first(...publicColumns);
      return row && toAccount(row);
    },
    async findCredentials(address, nonce): Promise<AccountCredentials | undefined> {
      const [row] = await hot.all<AccountRow & { nonce_seen: unknown }>(credentials, [nonce, address]);
      return (
        row && {
          account: toAccount(row),
          passwordHash: row.password_hash,
          sealedSecret: row.sealed_secret,
          signingCertificate: row.signing_certificate,
          nonceSeen: Boolean(row.nonce_seen),
        }
      );
    },
    async list() {
      const rows = await db('accounts')
        .orderBy('address')
        .select(...publicColumns);
      return rows.map(toAccount);
    },
    async updateSecrets(address, passwordHash, sealedSecret) {
      const changed = await db('accounts').where({ address }).update({ password_hash: passwordHash, sealed_secret: sealedSecret });
      return changed > 0;
    },
    async setSigningCertificate(address, pem) {
      return (await db('accounts').where({ address }).update({ signing_certificate: pem })) > 0;
    },
    async setState(address, state, from, refuseMessages = false) {
      const changed = await db('accounts').where({ address }).whereIn('state', from).update({ state, refuse_messages: refuseMessages });
      return changed > 0;
    },
    async setPolicyClass(address, policyClass) {
      return (await db('accounts').where({ address }).update({ policy_class: policyClass })) > 0;
    },
    async markActive(accountId, now) {
      await db('accounts').where({ id: accountId }).update({ last_active_at: now });
    },
    async idle(policyClass, before, limit, id) {
      const query = db('accounts').where({ policy_class: policyClass });
      if (id !== undefined) void query.andWhere({ id });
      const rows = await query
        .andWhere((q) =>
          q.where('last_active_at', '<', before).orWhere((n) => n.whereNull('last_active_at').andWhere('created_at', '<', before)),
        )
        .orderBy('id')
        .limit(limit)
        .select(...publicColumns);
      return rows.map(toAccount);
    },
    async remove(address) {
      return (await db('accounts').where({ address }).delete()) > 0;
    },
    async anySealedSecret() {
      const row = await db('accounts').first('sealed_secret');
      return row?.sealed_secret;
    },
    async reserveSequence(accountId, count, queued) {
      // The UPDATE takes the row lock (PostgreSQL) or the write lock (SQLite) until commit, so concurrent
      // senders to one inbox are serialized and sequence numbers follow commit order.
      // One statement per inbox, a hot one: UPDATE ... RETURNING (SQLite >= 3.35, PostgreSQL), which also
      // counts the entries into the inbox's queued counter (README "Group commit").
      const [row] = await hot.all<{ inbox_seq: number }>(reserve, [count, queued, accountId]);
      if (!row) throw new Error(`account ${accountId} does not exist`);
      return Number(row.inbox_seq) - count + 1;
    },
  };
}
