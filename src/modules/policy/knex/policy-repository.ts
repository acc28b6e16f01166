// Limits, filters, switches and counters (docs/operations.md) over knex.
import type { Knex } from 'knex';
import type { HotStatements } from '../../../platform/db/hot-statements.js';
import type { FilterCriteria, Treatment } from '../filter-rules.js';
import type { LimitName, LimitScope } from '../limit-catalog.js';
import type { Counter, LimitRule, PolicyRepository, SwitchKind, SwitchRule, SwitchScope } from '../ports.js';

type BigIntColumn = number | string;

interface PolicyLimitRow {
  id: number;
  scope: string;
  subject: string;
  name: string;
  value: BigIntColumn | null;
  text: string | null;
  created_at: BigIntColumn;
}
interface PolicyFilterRow {
  id: number;
  owner_id: number | null;
  criteria: string;
  treatment: string;
  argument: string | null;
  created_at: BigIntColumn;
}
interface PolicySwitchRow {
  id: number;
  kind: string;
  scope: string;
  subject: string;
  set_by: string;
  created_at: BigIntColumn;
}
interface PolicyCounterRow {
  key: string;
  window_start: BigIntColumn;
  used: number;
  rate: number;
}
interface PolicyStateRow {
  id: number;
  version: number;
}

declare module 'knex/types/tables.js' {
  interface Tables {
    policy_limits: PolicyLimitRow;
    policy_filters: PolicyFilterRow;
    policy_switches: PolicySwitchRow;
    policy_counters: PolicyCounterRow;
    policy_state: PolicyStateRow;
  }
}

const versionSql = 'select version from policy_state where id = 1';

// A fixed window restarts when its start moves; a bucket drains by the time since its last change (never
// below zero), then takes the new amount. Portable: CASE rather than greatest()/max().
const bumpSql = (rows: number) => `
  insert into policy_counters (key, window_start, used, rate) values ${Array(rows).fill('(?, ?, ?, ?)').join(', ')}
  on conflict (key) do update set
    used = case
      when excluded.rate > 0 then
        (case when policy_counters.used - (excluded.window_start - policy_counters.window_start) * excluded.rate < 0 then 0
              else policy_counters.used - (excluded.window_start - policy_counters.window_start) * excluded.rate end) + excluded.used
      when policy_counters.window_start = excluded.window_start then policy_counters.used + excluded.used
      else excluded.used end,
    window_start = excluded.window_start,
    rate = excluded.rate
  returning key, used`;

export function policyRepository(db: Knex | Knex.Transaction, hot: HotStatements): PolicyRepository {
  const bumpVersion = () => db('policy_state').where({ id: 1 }).increment('version', 1);
  const switchWhere = (rule: SwitchRule) => ({ kind: rule.kind, scope: rule.scope, subject: rule.subject, set_by: rule.setBy });

  return {
    async version() {
      const [row] = await hot.all<{ version: number }>(versionSql, []);
      return Number(row?.version ?? 0);
    },

    async rules() {
      const [limits, filters, switches] = [
        await db('policy_limits').orderBy('id'),
        await db('policy_filters').orderBy('id'),
        await db('policy_switches').orderBy('id'),
      ];
      return {
        limits: limits.map((r) => ({
          scope: r.scope as LimitScope,
          subject: r.subject,
          name: r.name as LimitName,
          value: r.value === null ? undefined : Number(r.value),
          text: r.text ?? undefined,
        })),
        filters: filters.map((r) => ({
          id: r.id,
          ownerId: r.owner_id ?? undefined,
          criteria: JSON.parse(r.criteria) as FilterCriteria,
          treatment: r.treatment as Treatment,
          argument: r.argument ?? undefined,
        })),
        switches: switches.map((r) => ({
          kind: r.kind as SwitchKind,
          scope: r.scope as SwitchScope,
          subject: r.subject,
          setBy: r.set_by === 'user' ? 'user' : 'operator',
        })),
      };
    },

    async setLimit(rule: LimitRule, now) {
      await db('policy_limits')
        .insert({
          scope: rule.scope,
          subject: rule.subject,
          name: rule.name,
          value: rule.value ?? null,
          text: rule.text ?? null,
          created_at: now,
        })
        .onConflict(['scope', 'subject', 'name'])
        .merge(['value', 'text', 'created_at']);
      await bumpVersion();
    },

    async removeLimit(scope, subject, name) {
      const removed = await db('policy_limits').where({ scope, subject, name }).delete();
      if (removed > 0) await bumpVersion();
      return removed > 0;
    },

    async addFilter(ownerId, criteria, treatment, argument, now) {
      const [row] = await db('policy_filters')
        .insert({ owner_id: ownerId ?? null, criteria: JSON.stringify(criteria), treatment, argument: argument ?? null, created_at: now })
        .returning('id');
      await bumpVersion();
      return typeof row === 'object' ? row.id : Number(row);
    },

    async removeFilter(id, ownerId) {
      const query = db('policy_filters').where({ id });
      const removed = await (ownerId === undefined ? query.whereNull('owner_id') : query.andWhere({ owner_id: ownerId })).delete();
      if (removed > 0) await bumpVersion();
      return removed > 0;
    },

    async switchOff(rule, now) {
      const inserted = await db('policy_switches')
        .insert({ ...switchWhere(rule), created_at: now })
        .onConflict(['kind', 'scope', 'subject', 'set_by'])
        .ignore()
        .returning('id');
      if (inserted.length > 0) await bumpVersion();
      return inserted.length > 0;
    },

    async switchOn(rule) {
      const removed = await db('policy_switches').where(switchWhere(rule)).delete();
      if (removed > 0) await bumpVersion();
      return removed > 0;
    },

    async forgetAccount(accountId, address, counterSuffix) {
      await db('policy_limits').where({ scope: 'account', subject: address }).delete();
      await db('policy_switches').where({ scope: 'account', subject: address }).delete();
      await db('policy_filters').where({ owner_id: accountId }).delete();
      await db('policy_counters').where('key', 'like', `%|${counterSuffix}`).delete();
      await bumpVersion();
    },

    async bump(bumps) {
      if (bumps.length === 0) return new Map();
      const rows = await hot.all<{ key: string; used: number }>(
        bumpSql(bumps.length),
        bumps.flatMap((b) => [b.key, b.windowStart, b.amount, b.rate]),
      );
      return new Map(rows.map((r) => [r.key, Number(r.used)]));
    },

    async counters(keys) {
      if (keys.length === 0) return new Map();
      const rows = await db('policy_counters').whereIn('key', [...keys]);
      return new Map(rows.map((r) => [r.key, { windowStart: Number(r.window_start), used: Number(r.used) } satisfies Counter]));
    },

    // The inbox's table: a filter's `store` holds entries there, and their owner releases them here; released,
    // they join the inbox's queued counter (accounts.inbox_queued, GetMessages' pending) in the same unit.
    async releaseHeld(accountId) {
      const released = await db('inbox_entries').where({ account_id: accountId, held: true }).update({ held: false });
      if (released > 0) await db('accounts').where({ id: accountId }).increment('inbox_queued', released);
      return released;
    },

    async countHeld(accountId, now) {
      const [row] = await db('inbox_entries')
        .where({ account_id: accountId, held: true })
        .andWhere('expires_at', '>', now)
        .count({ n: '*' });
      return Number(row?.n ?? 0);
    },

    async inboxDepth(accountId, now) {
      const [row] = await db('inbox_entries').where({ account_id: accountId }).andWhere('expires_at', '>', now).count({ n: '*' });
      return Number(row?.n ?? 0);
    },

    async expireOldest(accountId, now) {
      const oldest = await db('inbox_entries').where({ account_id: accountId }).andWhere('expires_at', '>', now).orderBy('seq').first('id');
      if (!oldest) return false;
      await db('inbox_entries').where({ id: oldest.id }).update({ expires_at: now });
      return true;
    },
  };
}
