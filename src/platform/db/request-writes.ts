// A write that belongs to a request as a whole rather than to one of its units of work: the UsernameToken's
// nonce (README "Group commit"). It joins the request's FIRST unit of work, ahead of that unit's own writes,
// so a request that writes commits once; if that unit rolls back, the write rolls back with it and the next
// unit of the request takes it. The edge records it in a unit of its own when no unit of the request took it
// (a read, a fault) before it answers (`settled`).
//
// How it travels (README "Group commit"): the edge runs the handler inside `requestWrites.run(write, ...)`,
// an AsyncLocalStorage, and UnitOfWork.run reads it when a unit is queued. The services in between pass
// nothing: every module's writes go through the one UnitOfWork, and none of their signatures carries the
// request. The unit of work runs its batches outside any request's context (a batch serves many requests).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Repositories } from '../../kernel/ports.js';

export class FirstWrite {
  /** pending: no unit holds it; claimed: a unit in flight wrote it; done: committed with that unit. */
  state: 'pending' | 'claimed' | 'done' = 'pending';
  constructor(readonly write: (tx: Repositories) => Promise<void>) {}
}

export const requestWrites = new AsyncLocalStorage<FirstWrite>();
