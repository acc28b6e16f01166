// Counts the statements and commits that the better-sqlite3 connections of this process run, by patching
// the prototype of better-sqlite3's Statement: bench/storage-hot-path.ts prints them per request, and
// test/storage/commits-per-request.test.ts checks the commits (counts, never timings).
import { createRequire } from 'node:module';

interface Statement {
  readonly source: string;
  readonly reader: boolean;
  readonly database: { readonly inTransaction: boolean };
}

export interface StatementTally {
  statements: number;
  commits: number;
  /** The SQL texts, in order (printed with BENCH_LIST=1). */
  texts: string[];
}

/** Counts every statement the better-sqlite3 connections of this process run, by patching their prototype. */
export function countStatements(): { reset(): void; read(): StatementTally } {
  const Database = createRequire(import.meta.url)('better-sqlite3') as new (
    f: string,
  ) => {
    prepare(sql: string): object;
    close(): void;
  };
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown> & { source?: string };
  probe.close();
  const tally: StatementTally = { statements: 0, commits: 0, texts: [] };
  for (const method of ['run', 'get', 'all', 'iterate']) {
    const original = proto[method] as (this: Statement, ...args: unknown[]) => unknown;
    proto[method] = function (this: Statement, ...args: unknown[]) {
      tally.statements++;
      tally.texts.push(this.source.length > 200 ? `${this.source.slice(0, 200)}...` : this.source);
      // A COMMIT, or a write outside any transaction (SQLite commits it on its own).
      if (
        /^\s*commit\b/i.test(this.source) ||
        (!this.reader && !this.database.inTransaction && !/^\s*(begin|savepoint)\b/i.test(this.source))
      )
        tally.commits++;
      return original.apply(this, args);
    };
  }
  return {
    reset: () => {
      tally.statements = 0;
      tally.commits = 0;
      tally.texts = [];
    },
    read: () => ({ ...tally }),
  };
}
