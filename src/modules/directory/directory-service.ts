// A consumer's directory (Appendix B; WSI-11, WSI-35): its own usernames, each mapped to an IM address in
// any domain. Only consumer accounts have one, and each sees only its own.
import { AppError } from '../../kernel/errors.js';
import { parseAddress } from '../../kernel/addresses.js';
import type { Store } from '../../kernel/ports.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { requireRole } from '../../kernel/require-role.js';
import type { Account, DirectoryEntry } from '../../kernel/types.js';

export interface DirectoryLimits {
  /** Entries per SetDirectoryEntries / RemoveDirectoryEntries request. */
  readonly entriesPerRequest: number;
  /** Entries per GetDirectoryEntries page. */
  readonly pageSize: number;
}

export interface DirectoryPage {
  readonly entries: readonly DirectoryEntry[];
  readonly total: number;
  /** Present when more entries follow: pass it as startAfter. */
  readonly nextStartAfter: string | undefined;
}

/** Usernames are case-insensitive: folded like IM local parts, so consumer+name@domain matches them. */
export function checkedUsername(raw: string): string {
  const parsed = parseAddress(raw);
  if (parsed.kind !== 'username') throw new AppError('SVC4006', [raw, 'a username is 1-64 letters, digits, ".", "_" or "-"']);
  return parsed.name.toLowerCase();
}

export function checkedEntry(entry: DirectoryEntry): DirectoryEntry {
  const username = checkedUsername(entry.username);
  const address = parseAddress(entry.address);
  if (address.kind !== 'im') throw new AppError('SVC4006', [entry.username, `${entry.address} is not an IM address (user@domain)`]);
  return { username, address: address.address };
}

export function directoryService(store: Store, limits: DirectoryLimits, work: UnitOfWork) {
  function checkCount(n: number): void {
    if (n === 0) throw new AppError('SVC0002', ['entry']);
    if (n > limits.entriesPerRequest) throw new AppError('POL4002', [n, limits.entriesPerRequest]);
  }

  return {
    async set(caller: Account, entries: readonly DirectoryEntry[]): Promise<number> {
      requireRole(caller, 'consumer');
      checkCount(entries.length);
      const checked = entries.map(checkedEntry);
      return work.run(({ tx }) => tx.directory.set(caller.id, checked));
    },
    async remove(caller: Account, usernames: readonly string[]): Promise<number> {
      requireRole(caller, 'consumer');
      checkCount(usernames.length);
      const checked = usernames.map(checkedUsername);
      return work.run(({ tx }) => tx.directory.remove(caller.id, checked));
    },
    async page(caller: Account, startAfter: string | undefined, maxEntries: number | undefined): Promise<DirectoryPage> {
      requireRole(caller, 'consumer');
      if (maxEntries !== undefined && maxEntries < 1) throw new AppError('SVC0002', ['maxEntries']);
      const limit = Math.min(maxEntries ?? limits.pageSize, limits.pageSize);
      // One more than asked tells whether another page follows.
      const rows = await store.directory.page(caller.id, startAfter?.toLowerCase(), limit + 1);
      const entries = rows.slice(0, limit);
      return {
        entries,
        total: await store.directory.count(caller.id),
        nextStartAfter: rows.length > limit ? entries[entries.length - 1]!.username : undefined,
      };
    },
  };
}

export type DirectoryService = ReturnType<typeof directoryService>;
