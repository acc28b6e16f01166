// The audit log over knex.
import type { Knex } from 'knex';
import type { AuditEntry } from '../admin-types.js';
import type { AuditRepository } from '../ports.js';
import type { AuditLogRow } from './audit-rows.js';

const toEntry = (row: AuditLogRow): AuditEntry => ({
  id: Number(row.id),
  at: Number(row.at),
  actor: row.actor,
  action: row.action,
  target: row.target ?? undefined,
  detail: row.detail ?? undefined,
  outcome: row.outcome,
});

export function auditRepository(db: Knex | Knex.Transaction): AuditRepository {
  return {
    async append(entry) {
      await db('audit_log').insert({
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        target: entry.target ?? null,
        detail: entry.detail ?? null,
        outcome: entry.outcome,
      });
    },
    async page(query, limit) {
      const q = db('audit_log').where('id', '>', query.afterId);
      if (query.since !== undefined) q.andWhere('at', '>=', query.since);
      if (query.until !== undefined) q.andWhere('at', '<', query.until);
      if (query.actor !== undefined) q.andWhere('actor', query.actor);
      return (await q.orderBy('id').limit(limit)).map(toEntry);
    },
  };
}
