// Wakes long-polling GetMessages calls the moment something lands in their inbox (no polling tick).
// In-process by default (one gateway process per SQLite file); gateways sharing a PostgreSQL database also
// relay wake-ups to each other through `onNotify` (storage/pg-inbox-bus.ts). Subscribing happens before the
// inbox is read, so a message stored between the read and the wait still wakes the waiter.
// A waiter is one object with its methods on the prototype, not a handful of closures: ten thousand idle
// long polls each hold one (bench/README.md, idle consumers), so its size is the cost of an idle consumer.

export interface InboxSubscription {
  /** Resolves true when woken, false on timeout or abort. */
  wait(timeoutMs: number, abort?: AbortSignal): Promise<boolean>;
  cancel(): void;
}

class Waiter implements InboxSubscription, EventListenerObject {
  private woken = false;
  private settle: ((woken: boolean) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private abort: AbortSignal | undefined;

  constructor(
    private readonly signals: InboxSignals,
    readonly accountId: number,
  ) {}

  wake(): void {
    this.woken = true;
    this.finish(true);
  }

  wait(timeoutMs: number, abort?: AbortSignal): Promise<boolean> {
    if (this.woken) return Promise.resolve(true);
    if (abort?.aborted) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      this.settle = resolve;
      this.timer = setTimeout(timedOut, timeoutMs, this);
      this.abort = abort;
      abort?.addEventListener('abort', this, { once: true });
    });
  }

  /** The abort signal fired (EventListenerObject). */
  handleEvent(): void {
    this.finish(false);
  }

  finish(result: boolean): void {
    const settle = this.settle;
    if (!settle) return;
    this.settle = undefined;
    clearTimeout(this.timer);
    this.abort?.removeEventListener('abort', this);
    this.abort = undefined;
    settle(result);
  }

  cancel(): void {
    this.signals.remove(this);
  }
}

function timedOut(waiter: Waiter): void {
  waiter.finish(false);
}

export class InboxSignals {
  private readonly waiters = new Map<number, Set<Waiter>>();
  private count = 0;
  /** Told of every local notify, so other processes can be woken too. */
  onNotify: ((accountIds: readonly number[]) => void) | undefined;

  get waiting(): number {
    return this.count;
  }

  subscribe(accountId: number): InboxSubscription {
    const waiter = new Waiter(this, accountId);
    const set = this.waiters.get(accountId) ?? new Set();
    set.add(waiter);
    this.waiters.set(accountId, set);
    this.count++;
    return waiter;
  }

  /** Called by Waiter.cancel; removing twice is harmless. */
  remove(waiter: Waiter): void {
    const set = this.waiters.get(waiter.accountId);
    if (!set?.delete(waiter)) return;
    this.count--;
    if (set.size === 0) this.waiters.delete(waiter.accountId);
  }

  /** A change committed here: wake local waiters and tell the other gateways. */
  notify(accountIds: Iterable<number>): void {
    const ids = [...new Set(accountIds)];
    if (ids.length === 0) return;
    this.wakeLocal(ids);
    this.onNotify?.(ids);
  }

  /** Wakes this process's waiters only (a wake-up relayed from another gateway). */
  wakeLocal(accountIds: Iterable<number>): void {
    for (const id of accountIds) {
      const set = this.waiters.get(id);
      if (set) for (const waiter of [...set]) waiter.wake();
    }
  }
}
