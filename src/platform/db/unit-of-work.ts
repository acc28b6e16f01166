// One unit of work per request (STYLE.md): its writes, the notices it writes, and the inboxes to wake once it
// has committed. Every request and worker write runs through `run`; it is the one place that opens a write
// transaction, and it commits in groups (README "Group commit"):
//  - units that arrive in the same event-loop turn run one after another in ONE transaction, each in its own
//    savepoint, and the transaction commits once: one COMMIT (one WAL sync point on SQLite, one round trip
//    and one fsync on PostgreSQL) for all of them, instead of one each;
//  - a unit that throws is rolled back to its savepoint alone: its neighbours' writes stay and commit;
//  - each unit's caller hears of its success only after the COMMIT that holds its writes, so an acknowledged
//    SendMessages is as durable as before (a crash before that COMMIT loses only unacknowledged units);
//  - a batch stops taking units after `maxBatchMs` or `maxBatchUnits`; the rest go into the next batch.
// A batch of one unit runs without a savepoint (nothing to keep apart), exactly as a lone transaction did.
// Waking after commit, never before: a long poll woken early would read the inbox before the message is there,
// find nothing and wait again; woken after a rollback it would look for a message that never existed.
import type { Clock, Repositories, Store } from '../../kernel/ports.js';
import { type FirstWrite, requestWrites } from './request-writes.js';

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
  /**
   * Runs `work` in a transaction (shared with the other units of its batch, in a savepoint of its own); after
   * that transaction commits, wakes the inboxes it named and resolves. `work` may run more than once when
   * PostgreSQL picks it as a deadlock victim: it writes only through `tx` and keeps no state of its own.
   */
  run<T>(work: (w: Work) => Promise<T>): Promise<T>;
}

export interface GroupCommitOptions {
  /** Batches open at once: 1 on SQLite (one writer, one connection); a few on PostgreSQL, one connection each. */
  readonly concurrentBatches: number;
  /** A batch takes no further unit after this long (ms): the first unit's caller waits at most about this. */
  readonly maxBatchMs: number;
  readonly maxBatchUnits: number;
}

export const defaultGroupCommit: GroupCommitOptions = { concurrentBatches: 1, maxBatchMs: 4, maxBatchUnits: 256 };

/** PostgreSQL's deadlock victim and serialization failure: the unit did nothing wrong and runs again. */
const transientCodes = new Set(['40P01', '40001']);
const maxAttempts = 3;

interface Unit {
  /** Runs the unit's work once on `tx`; keeps its result and the inboxes it named. */
  attempt(tx: Repositories): Promise<void>;
  commit(): void;
  fail(error: unknown): void;
  /** The unit did not commit (rolled back, or runs again later): its request's first write is free again. */
  release(): void;
  readonly woken: Set<number>;
  attempts: number;
}

function unitOf<T>(
  work: (w: Work) => Promise<T>,
  first: FirstWrite | undefined,
  clock: Clock,
  resolve: (value: T) => void,
  reject: (error: unknown) => void,
): Unit {
  let result: T;
  let holdsFirst = false;
  const woken = new Set<number>();
  const unit: Unit = {
    woken,
    attempts: 0,
    async attempt(tx) {
      unit.attempts++;
      woken.clear();
      // The request's first write (its nonce) goes first in its first unit: one commit for the request, and a
      // replay found by the unique key stops the unit before it writes anything of its own.
      if (first?.state === 'pending') {
        first.state = 'claimed';
        holdsFirst = true;
        try {
          await first.write(tx);
        } catch (error) {
          unit.release();
          throw error;
        }
      }
      let open = true;
      const wake = (accountIds: Iterable<number>): void => {
        // A wake after the unit ended would be lost (or, worse, wake for a rolled-back write): a bug to hear of.
        if (!open) throw new Error('wake() called after its unit of work ended');
        for (const id of accountIds) woken.add(id);
      };
      try {
        result = await work({ tx, now: clock(), wake });
      } finally {
        open = false;
      }
    },
    commit() {
      if (holdsFirst) first!.state = 'done';
      resolve(result);
    },
    fail(error) {
      unit.release();
      reject(error);
    },
    release() {
      if (holdsFirst) first!.state = 'pending';
      holdsFirst = false;
    },
  };
  return unit;
}

/** The gateway's runner, created once from the store, the wake-ups and the clock. */
export function unitOfWork(
  store: Pick<Store, 'transaction'>,
  signals: Waker,
  clock: Clock,
  options: GroupCommitOptions = defaultGroupCommit,
): UnitOfWork {
  const queue: Unit[] = [];
  let running = 0;
  let scheduled = false;

  const transient = (error: unknown, unit: Unit) =>
    unit.attempts < maxAttempts && transientCodes.has(String((error as { code?: unknown } | null)?.code));

  /** A unit failed: it runs again in a later batch when PostgreSQL only picked it as a deadlock victim. */
  function failed(unit: Unit, error: unknown): void {
    unit.release();
    if (transient(error, unit)) queue.push(unit);
    else unit.fail(error);
  }

  async function runBatch(units: Unit[]): Promise<void> {
    const started = performance.now();
    const done: Unit[] = [];
    try {
      await store.transaction(async (tx, savepoint) => {
        if (units.length === 1) {
          // Alone: the transaction is its savepoint; if it throws, the whole transaction rolls back.
          await units[0]!.attempt(tx);
          done.push(units[0]!);
          return;
        }
        for (const [i, unit] of units.entries()) {
          if (i > 0 && performance.now() - started > options.maxBatchMs) {
            // The batch has run long enough: commit what it holds, the rest go first into the next one.
            queue.unshift(...units.slice(i));
            return;
          }
          try {
            await savepoint((unitTx) => unit.attempt(unitTx));
            done.push(unit);
          } catch (error) {
            failed(unit, error);
          }
        }
      });
    } catch (error) {
      // BEGIN or COMMIT failed (nothing of the batch is stored), or the lone unit threw (rolled back).
      for (const unit of units.length === 1 ? units : done) failed(unit, error);
      return;
    }
    const woken = new Set<number>();
    for (const unit of done) for (const id of unit.woken) woken.add(id);
    if (woken.size > 0) signals.notify(woken);
    for (const unit of done) unit.commit();
  }

  function startBatch(): void {
    scheduled = false;
    while (running < options.concurrentBatches && queue.length > 0) {
      running++;
      void runBatch(queue.splice(0, options.maxBatchUnits)).finally(() => {
        running--;
        schedule();
      });
    }
  }

  /** The next batch starts after the I/O callbacks of this turn: every request they brought joins it. */
  function schedule(): void {
    if (scheduled || running >= options.concurrentBatches || queue.length === 0) return;
    scheduled = true;
    // Outside the request that happened to queue first: a batch serves every request (request-writes.ts).
    requestWrites.exit(() => setImmediate(startBatch));
  }

  return {
    run<T>(work: (w: Work) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push(unitOf(work, requestWrites.getStore(), clock, resolve, reject));
        schedule();
      });
    },
  };
}
