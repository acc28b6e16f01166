// The peer routing table over knex: domain -> peer endpoint + credentials, and the inbound peer account.
import type { Knex } from 'knex';
import type { PeerRepository } from '../../../kernel/ports.js';
import type { PeerRoute } from '../../../kernel/types.js';

interface PeerRow {
  domain: string;
  endpoint_url: string | null;
  remote_username: string | null;
  sealed_password: string | null;
  inbound_account_id: number | null;
  inbound_account: string | null;
  created_at: number;
}

const toPeerRoute = (row: PeerRow): PeerRoute => ({
  domain: row.domain,
  endpointUrl: row.endpoint_url ?? undefined,
  remoteUsername: row.remote_username ?? undefined,
  sealedPassword: row.sealed_password ?? undefined,
  inboundAccountId: row.inbound_account_id,
  inboundAccount: row.inbound_account ?? undefined,
  createdAt: Number(row.created_at),
});

export function peerRepository(db: Knex | Knex.Transaction, now: () => number): PeerRepository {
  const select = () =>
    db('peers as p').leftJoin('accounts as a', 'a.id', 'p.inbound_account_id').select('p.*', 'a.address as inbound_account');
  return {
    async upsert(route) {
      const row = {
        endpoint_url: route.endpointUrl ?? null,
        remote_username: route.remoteUsername ?? null,
        sealed_password: route.sealedPassword ?? null,
        inbound_account_id: route.inboundAccountId,
      };
      const changed = await db('peers').where({ domain: route.domain }).update(row);
      if (changed === 0) await db('peers').insert({ domain: route.domain, ...row, created_at: now() });
    },
    async find(domain) {
      const row = (await select().where('p.domain', domain).first()) as PeerRow | undefined;
      return row && toPeerRoute(row);
    },
    async list() {
      return ((await select().orderBy('p.domain')) as PeerRow[]).map(toPeerRoute);
    },
    async remove(domain) {
      return (await db('peers').where({ domain }).delete()) > 0;
    },
  };
}
