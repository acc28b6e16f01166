// Wakes long-polling GetMessages calls the moment something lands in their inbox (no polling tick).
// In-process by default (one gateway process per SQLite file); gateways sharing a PostgreSQL database also
// relay wake-ups to each other through `onNotify` (pg-inbox-bus.ts). Subscribing happens before the inbox is
// read, so a message stored between the read and the wait still wakes the waiter (it finds `woken` set).
// A subscription is one small object and wakes its listener by a plain call: no promise, timer or
// AbortSignal per waiting poll (README "Performance": ten thousand idle polls each hold one).

/** Whatever waits on a subscription: called synchronously, after the commit that changed the inbox. */
export interface InboxListener {
  wake(): void;
}

export class InboxSubscription {
  /** Set by every wake-up; whoever reads the inbox clears it first, so a wake-up during the read is seen. */
  woken = false;
  /** Told of each wake-up; set while a poll is parked. */
  listener: InboxListener | undefined = undefined;

  constructor(
    private readonly signals: InboxSignals,
    readonly accountId: number,
  ) {}

  wake(): void {
    this.woken = true;
    this.listener?.wake();
  }

  /** Stops listening; cancelling twice is harmless. */
  cancel(): void {
    this.listener = undefined;
    this.signals.remove(this);
  }
}

export class InboxSignals {
  private readonly subscriptions = new Map<number, Set<InboxSubscription>>();
  private count = 0;
  /** Told of every local notify, so other processes can be woken too. */
  onNotify: ((accountIds: readonly number[]) => void) | undefined;

  /** Long polls subscribed now (imwsi_long_polls_waiting). */
  get waiting(): number {
    return this.count;
  }

  subscribe(accountId: number): InboxSubscription {
    const subscription = new InboxSubscription(this, accountId);
    const set = this.subscriptions.get(accountId) ?? new Set();
    set.add(subscription);
    this.subscriptions.set(accountId, set);
    this.count++;
    return subscription;
  }

  /** Called by InboxSubscription.cancel; removing twice is harmless. */
  remove(subscription: InboxSubscription): void {
    const set = this.subscriptions.get(subscription.accountId);
    if (!set?.delete(subscription)) return;
    this.count--;
    if (set.size === 0) this.subscriptions.delete(subscription.accountId);
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
      const set = this.subscriptions.get(id);
      if (set) for (const subscription of [...set]) subscription.wake();
    }
  }
}
