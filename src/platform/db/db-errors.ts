// Translates driver errors into facts the repositories act on.

/** A UNIQUE or PRIMARY KEY violation, on SQLite (both drivers) or PostgreSQL. */
export function isUniqueViolation(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const code = (error as { code?: unknown }).code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    (code === 'SQLITE_CONSTRAINT' && /UNIQUE|PRIMARY KEY/.test(String((error as Error).message)))
  );
}
