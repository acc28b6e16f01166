// One unit of work per request (STYLE.md): one transaction, the notices it writes, and the inboxes to wake
// once it has committed. Every request and worker write runs through `run`; it is the one place that opens a
// write transaction, so it is also where a group commit (several units of work, one COMMIT) will plug in.
// Waking after commit, never before: a long poll woken early would read the inbox before the message is there,
// find nothing and wait again; woken after a rollback it would look for a message that never existed.
import type { Clock, Repositories, Store } from '../../kernel/ports.js';

/** What wakes long polls: InboxSignals (and through it the other gateways on one PostgreSQL database). */
export interface Waker {
  notify(accountIds: Iterable<number>): void;
}

/** One unit of work in progress: its transaction, its time, and the inboxes it changed. */
export interface Work {
  readonly tx: Repositories;
  /** The time of the whole unit: every row it writes carries this one instant. */
  readonly now: number;
  /** These inboxes got something: their long polls are woken after commit (once each), not at all on rollback. */
  readonly wake: (accountIds: Iterable<number>) => void;
}

export interface UnitOfWork {
  /** Runs `work` in one transaction; after it commits, wakes the inboxes it named. */
  run<T>(work: (w: Work) => Promise<T>): Promise<T>;
}

/** The gateway's runner, created once from the store, the wake-ups and the clock. */
export function unitOfWork(store: Pick<Store, 'transaction'>, signals: Waker, clock: Clock): UnitOfWork {
  return {
    async run<T>(work: (w: Work) => Promise<T>): Promise<T> {
      const now = clock();
      const woken = new Set<number>();
      let open = true;
      const wake = (accountIds: Iterable<number>): void => {
        // A wake after the unit ended would be lost (or, worse, wake for a rolled-back write): a bug to hear of.
        if (!open) throw new Error('wake() called after its unit of work ended');
        for (const id of accountIds) woken.add(id);
      };
      let result: T;
      try {
        result = await store.transaction((tx) => work({ tx, now, wake }));
      } finally {
        open = false;
      }
      if (woken.size > 0) signals.notify(woken);
      return result;
    },
  };
}
