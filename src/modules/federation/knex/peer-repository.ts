// The peer routing table over knex: domain -> peer endpoint + credentials, and the inbound peer account.
import type { Knex } from 'knex';
import type { PeerRepository } from '../ports.js';
import type { PeerRoute } from '../../../kernel/types.js';
import type { PeerRow } from '../../../platform/db/tables.js';

/** A peer with the address of its inbound account (accounts is read in SQL here: a peer names a local account). */
type PeerWithAccountRow = PeerRow & { inbound_account: string | null };

const toPeerRoute = (row: PeerWithAccountRow): PeerRoute => ({
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
    db('peers as p')
      .leftJoin('accounts as a', 'a.id', 'p.inbound_account_id')
      .select<PeerWithAccountRow[]>('p.*', 'a.address as inbound_account');
  return {
    async upsert(route) {
      const row = {
        endpoint_url: route.endpointUrl ?? null,
        remote_username: route.remoteUsername ?? null,
        sealed_password: route.sealedPassword ?? null,
        inbound_account_id: route.inboundAccountId,
        // Re-adding a peer (an upgraded gateway, say) makes social events worth trying again.
        social_unsupported_at: null,
      };
      const changed = await db('peers').where({ domain: route.domain }).update(row);
      if (changed === 0) await db('peers').insert({ domain: route.domain, ...row, created_at: now() });
    },
    async find(domain) {
      const row = await select().where('p.domain', domain).first();
      return row && toPeerRoute(row);
    },
    async list() {
      return (await select().orderBy('p.domain')).map(toPeerRoute);
    },
    async remove(domain) {
      return (await db('peers').where({ domain }).delete()) > 0;
    },
  };
}
