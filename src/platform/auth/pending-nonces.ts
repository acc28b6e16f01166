// The nonce of a request between its check and its commit (README "Group commit", "Security"). A nonce is
// accepted when the database has not recorded it and no request of this process holds it; the request then
// carries it as a FirstWrite, which its first unit of work inserts with its own writes (one commit per request).
// `settle` runs when the request is answered: if no unit of it committed the nonce (a read, a fault), a unit of
// its own records it, so a replay of a failed or read-only request is refused too, across processes and restarts.
// Two gateway processes on one PostgreSQL database can both accept the same nonce; the unique key of used_nonces
// lets exactly one unit commit it, and the other request fails with SVC1103 (its unit alone rolls back).
import { AppError } from '../../kernel/errors.js';
import type { UnitOfWork } from '../db/unit-of-work.js';
import { FirstWrite, requestWrites } from '../db/request-writes.js';

export class PendingNonce extends FirstWrite {
  constructor(
    readonly nonce: string,
    expiresAt: number,
  ) {
    super(async (tx) => {
      if (!(await tx.nonces.remember(nonce, expiresAt))) throw new AppError('SVC1103');
    });
  }
}

export function pendingNonces(work: UnitOfWork) {
  const inFlight = new Set<string>();
  const nothing = () => Promise.resolve();

  return {
    /**
     * Accepts a fresh nonce for this request, or refuses a replay (SVC1103). `seen`: whether the database had it
     * recorded, read with the account's credentials (one statement). A nonce committed after that read by a
     * request of this process was in flight until its commit; by another process, the unique key refuses it
     * when this request's unit inserts it.
     */
    accept(nonce: string, expiresAt: number, seen: boolean): PendingNonce {
      if (seen || inFlight.has(nonce)) throw new AppError('SVC1103');
      inFlight.add(nonce);
      return new PendingNonce(nonce, expiresAt);
    },

    /** Runs the request's handler with its pending nonce: the first unit of work it queues commits the nonce. */
    within<T>(pending: PendingNonce | undefined, handler: () => Promise<T>): Promise<T> {
      return pending ? requestWrites.run(pending, handler) : handler();
    },

    /**
     * The request is about to be answered: its nonce is committed, by one of its units or by a unit of its own
     * (SVC1103 when another gateway process committed it first). A unit of the request still in flight may hold
     * it; then the next unit waits its turn, and takes it if that unit rolled back.
     */
    async settle(pending: PendingNonce): Promise<void> {
      try {
        while (pending.state !== 'done') await requestWrites.run(pending, () => work.run(nothing));
      } finally {
        inFlight.delete(pending.nonce);
      }
    },
  };
}

export type PendingNonces = ReturnType<typeof pendingNonces>;
