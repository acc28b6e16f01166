// One page of a group's history in sequence order, `from` excluded (docs/groups.md "History"): the local
// history (group-repository.ts) and a remote member's copy (remote-group-repository.ts) page alike.
import type { Knex } from 'knex';

export function historyPage<Row extends object>(
  query: Knex.QueryBuilder<Row, Row[]>,
  order: 'newestFirst' | 'oldestFirst',
  from: number | undefined,
  limit: number,
): Knex.QueryBuilder<Row, Row[]> {
  const newestFirst = order === 'newestFirst';
  if (from !== undefined) query.andWhere('seq', newestFirst ? '<' : '>', from);
  return query.orderBy('seq', newestFirst ? 'desc' : 'asc').limit(limit);
}
