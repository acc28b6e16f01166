// One way to cut a statement over many rows or ids into statements both databases accept. SQLite limits the
// bound variables of a statement (and the terms of the compound SELECT a multi-row insert becomes), so every
// repository splits by these named limits instead of writing its own loop.
export const batchLimits = {
  /** Ids in one `whereIn`. */
  idsPerStatement: 500,
  /** Rows of up to ~15 columns in one multi-row insert. */
  rowsPerInsert: 100,
  /** Directory rows (3 columns) in one upsert. */
  directoryRowsPerUpsert: 200,
} as const;

/** The items in consecutive slices of at most `size`. */
export function chunks<T>(items: readonly T[], size: number = batchLimits.idsPerStatement): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
