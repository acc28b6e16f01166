// The operator's read-only views over other modules' tables (PP2-11, GO-2): accounts (the accounts module's),
// inbox entries (the inbox's), the outbound queue (federation's) and usage records (accounting's). They only
// count and list, never write, and no service decides anything from them.
import type { Knex } from 'knex';
import type { MonitoringRepository } from '../ports.js';

/** `%`, `_` and `\` in a LIKE pattern taken literally. */
const likeEscaped = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function monitoringRepository(db: Knex | Knex.Transaction): MonitoringRepository {
  const count = async (q: Knex.QueryBuilder): Promise<number> =>
    Number(((await q.count({ n: '*' }).first()) as { n?: number | string } | undefined)?.n ?? 0);
  return {
    async accountIds(filter, limit) {
      const q = db('accounts').where('id', '>', filter.afterId);
      if (filter.state) q.andWhere('state', filter.state);
      if (filter.role) q.andWhere('role', filter.role);
      if (filter.text) {
        const pattern = `%${likeEscaped(filter.text)}%`;
        q.andWhere((w) => w.whereRaw(`address like ? escape '\\'`, [pattern]).orWhereRaw(`msisdn like ? escape '\\'`, [pattern]));
      }
      return (await q.orderBy('id').limit(limit).select('id')).map((row) => row.id);
    },
    async accountStates() {
      const rows = await db('accounts').select('state').count({ n: '*' }).groupBy('state');
      return new Map(rows.map((row) => [String(row.state), Number(row.n)]));
    },
    async sendersSince(since) {
      const rows = await db('usage_records')
        .leftJoin('accounts', 'accounts.address', 'usage_records.charged_party')
        .whereIn('usage_records.event', ['message-sent', 'peer-accepted'])
        .andWhere('usage_records.at', '>=', since)
        .groupBy('usage_records.charged_party', 'accounts.role')
        .select<{ address: string; role: string | null; n: number | string }[]>(
          'usage_records.charged_party as address',
          'accounts.role as role',
          db.raw('count(*) as n'),
        );
      return rows.map((row) => ({ address: row.address, role: row.role ?? undefined, messages: Number(row.n) }));
    },
    async deepestInboxes(limit) {
      const rows = await db('inbox_entries')
        .join('accounts', 'accounts.id', 'inbox_entries.account_id')
        .groupBy('accounts.address')
        .select<{ address: string; n: number | string }[]>('accounts.address as address', db.raw('count(*) as n'))
        .orderBy([{ column: 'n', order: 'desc' }, { column: 'address' }])
        .limit(limit);
      return rows.map((row) => ({ address: row.address, depth: Number(row.n) }));
    },
    async peerQueues() {
      const rows = await db('outbound_queue')
        .groupBy('domain')
        .select<{ domain: string; n: number | string; oldest: number | string | null }[]>(
          'domain',
          db.raw('count(*) as n'),
          db.raw('min(created_at) as oldest'),
        )
        .orderBy('domain');
      return rows.map((row) => ({
        domain: row.domain,
        depth: Number(row.n),
        oldest: row.oldest === null ? undefined : Number(row.oldest),
      }));
    },
    async totals() {
      return {
        inboxMessages: await count(db('inbox_entries')),
        outboundQueued: await count(db('outbound_queue')),
        usageRecords: await count(db('usage_records')),
      };
    },
  };
}
