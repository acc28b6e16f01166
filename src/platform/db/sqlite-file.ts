// One SQLite file opened directly with better-sqlite3, outside knex and the unit of work: what `imwsi backup`
// and `imwsi restore` need (SQLite's online backup API), typed here since better-sqlite3 ships no types.
// Loaded on demand, so commands that do not touch SQLite files this way do not load the driver.

export interface BackupProgress {
  readonly totalPages: number;
  readonly remainingPages: number;
}

export interface SqliteFile {
  pragma(statement: string, options?: { simple: boolean }): unknown;
  exec(sql: string): void;
  prepare(sql: string): { get(...parameters: unknown[]): unknown; run(...parameters: unknown[]): unknown };
  transaction(work: () => void): () => void;
  /** Copies the database into `file` in steps; `progress` returns the pages of the next step (-1: all). */
  backup(file: string, options: { progress(progress: BackupProgress): number }): Promise<BackupProgress>;
  close(): void;
}

type SqliteConstructor = new (file: string, options: { readonly: boolean; fileMustExist: boolean }) => SqliteFile;

export async function openSqliteFile(file: string, options: { readonly: boolean; mustExist: boolean }): Promise<SqliteFile> {
  const { default: Database } = (await import('better-sqlite3')) as { default: SqliteConstructor };
  const db = new Database(file, { readonly: options.readonly, fileMustExist: options.mustExist });
  db.pragma('busy_timeout = 5000');
  return db;
}
