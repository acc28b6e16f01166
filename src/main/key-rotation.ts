// Key rotation (README "The secret key", `imwsi keys rotate`): every sealed secret in the database opened with
// the old key and sealed again with the new one, in one transaction, so the database is never half old, half
// new. Sealed columns are found in the schema by their name, `sealed_*` (accounts.sealed_secret, the
// PasswordDigest secrets; peers.sealed_password, the passwords used at peers; any later one named the same
// way), so a new sealed column cannot be forgotten here. A value is replaced where it stands (`where column =
// old value`): every sealed value is unique (a fresh IV each), so no table needs a known key column.
import type { Knex } from 'knex';
import type { DbClient } from '../platform/config.js';
import type { SecretBox } from '../platform/auth/secret-box.js';

export interface SealedColumn {
  readonly table: string;
  readonly column: string;
}

export interface RotatedColumn extends SealedColumn {
  readonly secrets: number;
}

/** Every column of the schema named sealed_*, in a stable order. */
export async function sealedColumns(db: Knex | Knex.Transaction, client: DbClient): Promise<SealedColumn[]> {
  let found: SealedColumn[];
  if (client === 'pg') {
    const rows = await db
      .select<{ table_name: string; column_name: string }[]>('table_name', 'column_name')
      .from('information_schema.columns')
      .whereRaw('table_schema = current_schema()')
      .andWhereLike('column_name', 'sealed\\_%');
    found = rows.map((r) => ({ table: r.table_name, column: r.column_name }));
  } else {
    const tables = await db.select<{ name: string }[]>('name').from('sqlite_master').where({ type: 'table' });
    found = [];
    for (const { name } of tables) {
      const columns = await db.raw<{ name: string }[]>(`pragma table_info(${JSON.stringify(name)})`);
      for (const c of columns) if (c.name.startsWith('sealed_')) found.push({ table: name, column: c.name });
    }
  }
  return found.sort((a, b) => `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`));
}

/**
 * Re-seals every sealed value under `next`, in one transaction. A value the old key does not open stops the
 * rotation with nothing changed (it would be lost under the new key).
 */
export async function rotateSealedSecrets(db: Knex, client: DbClient, old: SecretBox, next: SecretBox): Promise<RotatedColumn[]> {
  return db.transaction(async (tx) => {
    const rotated: RotatedColumn[] = [];
    for (const { table, column } of await sealedColumns(tx, client)) {
      const rows = await tx.select<Record<string, string>[]>(column).from(table).whereNotNull(column);
      for (const row of rows) {
        const sealed = row[column]!;
        let plain: string;
        try {
          plain = old.open(sealed);
        } catch (error) {
          throw new Error(`a value in ${table}.${column} does not open with the current key; nothing was changed`, { cause: error });
        }
        await tx(table)
          .update({ [column]: next.seal(plain) })
          .where(column, sealed);
      }
      rotated.push({ table, column, secrets: rows.length });
    }
    return rotated;
  });
}
