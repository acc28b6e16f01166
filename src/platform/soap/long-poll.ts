// Long polls parked outside the request path (README "Performance", idle long polls). A handler that has
// nothing to answer yet returns a LongPoll instead of waiting: the request's parse, authentication and
// handler frames are over and collected, and what stays is one small record per poll: the response, the
// handler's state, the deadline. Wake-ups are plain calls (platform/wake/inbox-signals.ts); deadlines are
// buckets of one shared wheel turned by one timer; a client that goes away is seen by one shared 'close'
// handler. No promise, timer, closure or AbortSignal exists per waiting poll.
import type { ServerResponse } from 'node:http';
import type { InboxListener, InboxSubscription } from '../wake/inbox-signals.js';

/** What a parked poll does at each turn; one object per operation, shared by all its polls. */
export interface Poller<S> {
  /** Woken: look again. A result answers the poll; undefined parks it again. */
  retry(state: S): Promise<object | undefined>;
  /** The deadline passed (or the gateway is stopping): the answer to give. */
  expired(state: S): object;
  /** The poll is over (answered, expired or abandoned by its client). */
  end(state: S): Promise<void>;
}

/** A handler's "nothing yet": park me until `subscription` wakes or `waitMs` pass. */
export class LongPoll<S = unknown> {
  constructor(
    readonly subscription: InboxSubscription,
    readonly waitMs: number,
    readonly state: S,
    readonly poller: Poller<S>,
  ) {}
}

/** How the edge answers a parked poll: the same writer as any response, given the poll's endpoint. */
export interface ParkedAnswers<E> {
  result(res: ServerResponse, endpoint: E, operation: string, result: object): void;
  fault(res: ServerResponse, endpoint: E, operation: string, error: unknown): void;
  /** Ending the poll failed after its answer was written: only reported. */
  endFailed(res: ServerResponse, endpoint: E, operation: string, error: unknown): void;
}

/** Deadlines are kept to this resolution: a poll ends at most this late. */
const tickMs = 100;

class ParkedPoll<E> implements InboxListener {
  /** A retry is running: a wake-up now is only noted (on the subscription), a deadline only marked. */
  retrying = false;
  expiredWhileRetrying = false;
  over = false;

  constructor(
    readonly polls: ParkedPolls<E>,
    readonly res: ServerResponse,
    readonly endpoint: E,
    readonly operation: string,
    readonly poll: LongPoll,
    readonly tick: number,
  ) {}

  wake(): void {
    if (!this.retrying && !this.over) this.polls.retry(this);
  }
}

export class ParkedPolls<E> {
  private readonly byResponse = new Map<ServerResponse, ParkedPoll<E>>();
  private readonly wheel = new Map<number, Set<ParkedPoll<E>>>();
  private nextTick = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  /** The one 'close' handler every parked response shares: `this` is the response. */
  private readonly onClose: (this: ServerResponse) => void;

  constructor(
    private readonly answers: ParkedAnswers<E>,
    shutdown: AbortSignal,
  ) {
    const { byResponse } = this;
    const finish = (parked: ParkedPoll<E>) => this.finish(parked);
    this.onClose = function (this: ServerResponse) {
      const parked = byResponse.get(this);
      if (parked) finish(parked);
    };
    shutdown.addEventListener('abort', () => this.stop(), { once: true });
  }

  /** Parked now. */
  get size(): number {
    return this.byResponse.size;
  }

  /** Holds `res` until the poll's subscription wakes it or its wait runs out. */
  park(res: ServerResponse, endpoint: E, operation: string, poll: LongPoll): void {
    const now = Date.now();
    const tick = Math.ceil((now + poll.waitMs) / tickMs);
    const parked = new ParkedPoll(this, res, endpoint, operation, poll, tick);
    this.byResponse.set(res, parked);
    res.once('close', this.onClose);
    if (this.stopping || res.destroyed) {
      if (res.destroyed) this.finish(parked);
      else this.expire(parked);
      return;
    }
    let bucket = this.wheel.get(tick);
    if (!bucket) this.wheel.set(tick, (bucket = new Set()));
    bucket.add(parked);
    if (!this.timer) {
      this.nextTick = Math.floor(now / tickMs);
      this.timer = setInterval(() => this.turn(), tickMs);
      this.timer.unref();
    }
    poll.subscription.listener = parked;
    // Woken between the handler's read and now: look again at once.
    if (poll.subscription.woken) this.retry(parked);
  }

  /** Called by a woken poll that is not already retrying. */
  retry(parked: ParkedPoll<E>): void {
    parked.retrying = true;
    parked.poll.poller.retry(parked.poll.state).then(
      (result) => this.retried(parked, result),
      (error: unknown) => this.failed(parked, error),
    );
  }

  private retried(parked: ParkedPoll<E>, result: object | undefined): void {
    parked.retrying = false;
    if (parked.over) return;
    if (result) {
      this.finish(parked);
      this.answers.result(parked.res, parked.endpoint, parked.operation, result);
    } else if (parked.expiredWhileRetrying) {
      this.expire(parked);
    } else if (parked.poll.subscription.woken) {
      this.retry(parked);
    }
  }

  private failed(parked: ParkedPoll<E>, error: unknown): void {
    parked.retrying = false;
    if (parked.over) return;
    this.finish(parked);
    this.answers.fault(parked.res, parked.endpoint, parked.operation, error);
  }

  private expire(parked: ParkedPoll<E>): void {
    if (parked.over) return;
    if (parked.retrying) {
      parked.expiredWhileRetrying = true;
      return;
    }
    this.finish(parked);
    if (this.stopping && !parked.res.headersSent) parked.res.setHeader('Connection', 'close');
    this.answers.result(parked.res, parked.endpoint, parked.operation, parked.poll.poller.expired(parked.poll.state));
  }

  /** Out of every index, the subscription cancelled, the poller told; the response is the caller's to write. */
  private finish(parked: ParkedPoll<E>): void {
    if (parked.over) return;
    parked.over = true;
    this.byResponse.delete(parked.res);
    parked.res.off('close', this.onClose);
    const bucket = this.wheel.get(parked.tick);
    if (bucket?.delete(parked) && bucket.size === 0) this.wheel.delete(parked.tick);
    parked.poll.poller.end(parked.poll.state).catch((error: unknown) => {
      this.answers.endFailed(parked.res, parked.endpoint, parked.operation, error);
    });
    if (this.byResponse.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** The wheel's one timer: expires the buckets whose time has come. */
  private turn(): void {
    const now = Math.floor(Date.now() / tickMs);
    for (let tick = this.nextTick; tick <= now; tick++) {
      const bucket = this.wheel.get(tick);
      if (!bucket) continue;
      this.wheel.delete(tick);
      for (const parked of bucket) this.expire(parked);
    }
    this.nextTick = now + 1;
  }

  /** The gateway is stopping: every parked poll is answered now, and any parked later at once. */
  private stop(): void {
    this.stopping = true;
    for (const parked of [...this.byResponse.values()]) this.expire(parked);
  }
}
