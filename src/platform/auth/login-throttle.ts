// Makes password guessing slow without letting an attacker lock a real user out for long: failed logins are
// counted per (account, client address), per client address and per account, each with a doubling, capped delay,
// and an address that recently logged in to an account is exempt from that account's account-wide delay.
import { AppError } from '../../kernel/errors.js';

export interface LoginThrottleOptions {
  /** Failures of one (account, client address) pair allowed before delays start. */
  readonly pairFailures: number;
  /** Failures from one client address (any account) allowed before delays start. */
  readonly clientFailures: number;
  /** Failures against one account from all addresses allowed before delays start. */
  readonly accountFailures: number;
  /** The first wait; doubles with each further failure. */
  readonly baseDelaySeconds: number;
  /** Cap of the wait; also the longest an attacker can lock anyone out. */
  readonly maxDelaySeconds: number;
  /** Failures older than this are forgotten. */
  readonly windowSeconds: number;
  /** Memory bound of each table; oldest evicted first. */
  readonly maxEntries: number;
}

export const defaultLoginThrottleOptions: LoginThrottleOptions = Object.freeze({
  pairFailures: 5,
  clientFailures: 20,
  accountFailures: 50,
  baseDelaySeconds: 1,
  maxDelaySeconds: 60,
  windowSeconds: 900,
  maxEntries: 100_000,
});

/** `now` is in milliseconds, as the gateway's Clock returns it. */
export interface LoginThrottle {
  /** Throws AppError('POL1008', [retryAfterSeconds]) when this username or this client must wait. Called before any password check or DB work. */
  check(username: string, client: string, now: number): void;
  failed(username: string, client: string, now: number): void;
  succeeded(username: string, client: string, now: number): void;
  /** Entries held, for tests and /metrics. */
  readonly size: number;
}

/** Usernames and addresses come from the request: longer keys are cut to this many characters. */
const maxKeyLength = 256;
/** Client addresses remembered per account as having logged in recently. */
const maxGoodClients = 16;

interface Entry {
  /** Failures since the count last started, all within the window of each other. */
  failures: number;
  lastFailure: number;
  blockedUntil: number;
  /** Last write (failure or success); the entry is dropped a window after it unless still blocked. */
  touched: number;
  /** Account table only: client address -> time of its last successful login. */
  good?: Map<string, number>;
}

/** One bounded Map in least-recently-written order; stale entries are dropped when met. */
interface Table {
  readonly map: Map<string, Entry>;
  /** The live entry, or undefined (dropping it if stale). Does not change the order. */
  get(key: string, now: number): Entry | undefined;
  /** Stores the entry as the newest, then drops stale and excess entries from the oldest end. */
  put(key: string, entry: Entry, now: number): void;
}

function resolveOptions(overrides: Partial<LoginThrottleOptions>): LoginThrottleOptions {
  const given = Object.entries(overrides).filter((e): e is [string, number] => e[1] !== undefined);
  const options: LoginThrottleOptions = { ...defaultLoginThrottleOptions, ...Object.fromEntries(given) };
  for (const [name, value] of Object.entries(options)) {
    const least = name.endsWith('Failures') ? 0 : 1;
    if (!Number.isFinite(value) || value < least) throw new RangeError(`loginThrottle: ${name} must be >= ${least}`);
  }
  return options;
}

function keyOf(value: string): string {
  return value.trim().slice(0, maxKeyLength);
}

/** Unambiguous for any pair of strings: the length prefix says where the username ends. */
function pairKey(user: string, client: string): string {
  return `${user.length}:${user}:${client}`;
}

function newEntry(): Entry {
  return { failures: 0, lastFailure: -Infinity, blockedUntil: -Infinity, touched: -Infinity };
}

function table(maxEntries: number, windowMs: number): Table {
  const map = new Map<string, Entry>();
  const stale = (entry: Entry, now: number) => now - entry.touched > windowMs && entry.blockedUntil <= now;

  function get(key: string, now: number): Entry | undefined {
    const entry = map.get(key);
    if (entry === undefined || !stale(entry, now)) return entry;
    map.delete(key);
    return undefined;
  }

  function put(key: string, entry: Entry, now: number): void {
    map.delete(key);
    map.set(key, entry);
    for (const [oldest, value] of map) {
      if (map.size <= maxEntries && !stale(value, now)) break;
      map.delete(oldest);
    }
  }

  return { map, get, put };
}

export function loginThrottle(overrides: Partial<LoginThrottleOptions> = {}): LoginThrottle {
  const options = resolveOptions(overrides);
  const windowMs = options.windowSeconds * 1000;
  const pairs = table(options.maxEntries, windowMs);
  const clients = table(options.maxEntries, windowMs);
  const accounts = table(options.maxEntries, windowMs);

  function delayMs(overThreshold: number): number {
    return Math.min(options.maxDelaySeconds, options.baseDelaySeconds * 2 ** (overThreshold - 1)) * 1000;
  }

  function blockedUntil(t: Table, key: string, now: number): number {
    return t.get(key, now)?.blockedUntil ?? -Infinity;
  }

  function isGood(user: string, client: string, now: number): boolean {
    const since = accounts.get(user, now)?.good?.get(client);
    return since !== undefined && now - since <= windowMs;
  }

  function recordFailure(t: Table, key: string, threshold: number, now: number): void {
    const entry = t.get(key, now) ?? newEntry();
    if (now - entry.lastFailure > windowMs) entry.failures = 0;
    entry.failures += 1;
    entry.lastFailure = now;
    entry.touched = now;
    if (entry.failures > threshold) {
      entry.blockedUntil = Math.max(entry.blockedUntil, now + delayMs(entry.failures - threshold));
    }
    t.put(key, entry, now);
  }

  function rememberGood(user: string, client: string, now: number): void {
    const entry = accounts.get(user, now) ?? newEntry();
    const good = (entry.good ??= new Map<string, number>());
    good.delete(client);
    good.set(client, now);
    for (const oldest of good.keys()) {
      if (good.size <= maxGoodClients) break;
      good.delete(oldest);
    }
    entry.touched = now;
    accounts.put(user, entry, now);
  }

  return {
    check(username, client, now) {
      const user = keyOf(username);
      const from = keyOf(client);
      const until = Math.max(
        blockedUntil(pairs, pairKey(user, from), now),
        blockedUntil(clients, from, now),
        isGood(user, from, now) ? -Infinity : blockedUntil(accounts, user, now),
      );
      if (until > now) throw new AppError('POL1008', [Math.ceil((until - now) / 1000)]);
    },

    failed(username, client, now) {
      const user = keyOf(username);
      const from = keyOf(client);
      recordFailure(pairs, pairKey(user, from), options.pairFailures, now);
      recordFailure(clients, from, options.clientFailures, now);
      recordFailure(accounts, user, options.accountFailures, now);
    },

    succeeded(username, client, now) {
      const user = keyOf(username);
      const from = keyOf(client);
      pairs.map.delete(pairKey(user, from));
      rememberGood(user, from, now);
    },

    get size() {
      return pairs.map.size + clients.map.size + accounts.map.size;
    },
  };
}
