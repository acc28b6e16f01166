// Wakes long-polling GetMessages calls the moment something lands in their inbox (no polling tick).
// In-process: one gateway process per SQLite file. Subscribing happens before the inbox is read, so a
// message stored between the read and the wait still wakes the waiter.

export interface InboxSubscription {
  /** Resolves true when woken, false on timeout or abort. */
  wait(timeoutMs: number, abort?: AbortSignal): Promise<boolean>;
  cancel(): void;
}

export class InboxSignals {
  private readonly waiters = new Map<number, Set<() => void>>();

  get waiting(): number {
    let n = 0;
    for (const set of this.waiters.values()) n += set.size;
    return n;
  }

  subscribe(accountId: number): InboxSubscription {
    let woken = false;
    let wake: (() => void) | undefined;
    const listener = () => {
      woken = true;
      wake?.();
    };
    const set = this.waiters.get(accountId) ?? new Set();
    set.add(listener);
    this.waiters.set(accountId, set);
    const cancel = () => {
      set.delete(listener);
      if (set.size === 0 && this.waiters.get(accountId) === set) this.waiters.delete(accountId);
    };
    return {
      cancel,
      wait: (timeoutMs, abort) =>
        new Promise<boolean>((resolve) => {
          if (woken) return resolve(true);
          if (abort?.aborted) return resolve(false);
          const finish = (result: boolean) => {
            clearTimeout(timer);
            abort?.removeEventListener('abort', onAbort);
            wake = undefined;
            resolve(result);
          };
          const onAbort = () => finish(false);
          const timer = setTimeout(() => finish(false), timeoutMs);
          abort?.addEventListener('abort', onAbort, { once: true });
          wake = () => finish(true);
        }),
    };
  }

  notify(accountIds: Iterable<number>): void {
    for (const id of new Set(accountIds)) {
      const set = this.waiters.get(id);
      if (set) for (const listener of [...set]) listener();
    }
  }
}
