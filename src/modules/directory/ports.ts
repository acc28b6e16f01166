// The storage port of the directory module: DirectoryRepository. Its knex/ folder implements
// it; the declaration below adds it to the kernel's Repositories, which a unit of work hands to services.
import type { DirectoryEntry } from '../../kernel/types.js';

export interface DirectoryRepository {
  /** Adds or replaces entries; returns how many were written. */
  set(accountId: number, entries: readonly DirectoryEntry[]): Promise<number>;
  remove(accountId: number, usernames: readonly string[]): Promise<number>;
  /** Entries in username order after `after`, at most `limit`. */
  page(accountId: number, after: string | undefined, limit: number): Promise<DirectoryEntry[]>;
  count(accountId: number): Promise<number>;
  addressOf(accountId: number, username: string): Promise<string | undefined>;
  /** The username of an address (the first in username order when several map to it). */
  usernameOf(accountId: number, address: string): Promise<string | undefined>;
}

declare module '../../kernel/ports.js' {
  interface Repositories {
    readonly directory: DirectoryRepository;
  }
}
