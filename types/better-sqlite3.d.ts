// better-sqlite3 ships no types, and knex is its only user apart from src/platform/db/sqlite-file.ts, which
// declares the few members it calls (SqliteFile) and casts the module to them.
declare module 'better-sqlite3';
