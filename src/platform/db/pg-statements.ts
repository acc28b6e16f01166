// Hot statements on PostgreSQL (README "Group commit", issue 9): run directly on the pg connection that holds
// the batch's transaction (batch-transaction.ts), as named prepared statements, so PostgreSQL parses and plans
// each text once per connection and then only binds and executes it; knex's query building, compiling and
// runner are skipped too.
//  - The `?` placeholders of the shared SQL texts become `$1..$n` once per text (cached here, bounded).
//  - A statement's name is a digest of its text: the same on every connection and every gateway process, at
//    most 63 bytes (NAMEDATALEN), and one name never stands for two texts, which pg refuses.
//  - Named statements are bounded per connection (`maxNamedPerConnection`), and only texts with few
//    parameters get a name: a prepared 100-row insert holds about 270 kB of parse tree in its backend
//    (measured with pg_backend_memory_contexts), and its one parse is shared by its 100 rows anyway, where a
//    one-row statement holds about 8 kB and a 90-parameter one 24 kB (so at most a few MB a connection). The rest
//    run unnamed: parsed each time, still on the connection without knex. Names are never deallocated: the
//    texts are a fixed set (a few per repository, times the row counts of multi-row inserts and IN lists), so
//    first come, first named.
//  - A prepared statement outlives the savepoint or transaction it was prepared in (PostgreSQL does not roll it
//    back), and pg records a name as prepared only once the server confirmed the Parse: a unit that fails
//    inside a batch leaves its neighbours' statements usable.
import { createHash } from 'node:crypto';

/** What this file uses of a pg Client: `query` with a query config (pg's documented `{ name, text, values }`). */
export interface PgConnection {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

interface PgStatement {
  readonly text: string;
  /** Undefined: too many parameters to keep prepared (see above). */
  readonly name: string | undefined;
}

const maxNamedParameters = 100;
const maxNamedPerConnection = 256;
const maxCachedTexts = 2000;

const statements = new Map<string, PgStatement>();
const namedOn = new WeakMap<PgConnection, Set<string>>();

/**
 * `?` to `$1..$n`, as knex does for pg: a `?` inside a quoted literal or identifier stays, and `\?` is a
 * literal `?` (for PostgreSQL's jsonb `?` operators).
 */
function numberedPlaceholders(sql: string): { text: string; parameters: number } {
  let text = '';
  let parameters = 0;
  let quote: string | undefined;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      text += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      text += c;
    } else if (c === '\\' && sql[i + 1] === '?') {
      text += '?';
      i++;
    } else if (c === '?') {
      text += `$${++parameters}`;
    } else {
      text += c;
    }
  }
  return { text, parameters };
}

function statementOf(sql: string): PgStatement {
  let statement = statements.get(sql);
  if (statement === undefined) {
    if (statements.size >= maxCachedTexts) statements.clear();
    const { text, parameters } = numberedPlaceholders(sql);
    const name = parameters <= maxNamedParameters ? `imwsi_${createHash('sha1').update(text).digest('hex')}` : undefined;
    statement = { text, name };
    statements.set(sql, statement);
  }
  return statement;
}

/** The name to run `statement` under on `connection`, or undefined to run it unnamed. */
function nameOn(connection: PgConnection, statement: PgStatement): string | undefined {
  if (statement.name === undefined) return undefined;
  let named = namedOn.get(connection);
  if (named === undefined) {
    named = new Set();
    namedOn.set(connection, named);
  }
  if (named.has(statement.name)) return statement.name;
  if (named.size >= maxNamedPerConnection) return undefined;
  named.add(statement.name);
  return statement.name;
}

/**
 * Runs `sql` (`?` placeholders) on `connection`, the pg connection of a batch's transaction, named when it
 * may be. pg binds booleans, numbers, strings and buffers itself; undefined is NULL, as knex binds it.
 */
export function pgQuery(connection: PgConnection, sql: string, bindings: readonly unknown[]): Promise<{ rows: unknown[] }> {
  const statement = statementOf(sql);
  const name = nameOn(connection, statement);
  const values = bindings.map((b) => b ?? null);
  return connection.query(name === undefined ? { text: statement.text, values } : { name, text: statement.text, values });
}
