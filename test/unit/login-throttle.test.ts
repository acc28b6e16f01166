import test from 'ava';
import { AppError } from '../../src/kernel/errors.js';
import { type LoginThrottle, loginThrottle } from '../../src/platform/auth/login-throttle.js';

const t0 = Date.UTC(2026, 10, 25, 10, 0, 0);
const seconds = (n: number) => n * 1000;

/** The retry-after seconds check() answers with, or 0 when it lets the attempt through. */
function retryAfter(throttle: LoginThrottle, username: string, client: string, now: number): number {
  try {
    throttle.check(username, client, now);
    return 0;
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'POL1008') throw error;
    return Number(error.variables[0]);
  }
}

function failTimes(throttle: LoginThrottle, count: number, username: string, client: string, now: number): void {
  for (let i = 0; i < count; i++) throttle.failed(username, client, now);
}

test('a pair is blocked after 5 failures, the wait doubles with each failure and is capped', (t) => {
  const throttle = loginThrottle();
  let now = t0;
  failTimes(throttle, 5, 'alice@example.com', '10.0.0.1', now);
  t.is(retryAfter(throttle, 'alice@example.com', '10.0.0.1', now), 0);

  const waits: number[] = [];
  for (let failure = 6; failure <= 13; failure++) {
    throttle.failed('alice@example.com', '10.0.0.1', now);
    const wait = retryAfter(throttle, 'alice@example.com', '10.0.0.1', now);
    waits.push(wait);
    t.is(retryAfter(throttle, 'alice@example.com', '10.0.0.1', now + seconds(wait) - 1), 1);
    now += seconds(wait);
    t.is(retryAfter(throttle, 'alice@example.com', '10.0.0.1', now), 0);
  }
  t.deepEqual(waits, [1, 2, 4, 8, 16, 32, 60, 60]);
  // Only that pair: the same account from another address, and another account from this one, go on.
  t.is(retryAfter(throttle, 'alice@example.com', '10.0.0.2', t0), 0);
  t.is(retryAfter(throttle, 'bob@example.com', '10.0.0.1', t0), 0);
});

test('the refusal is POL1008 with the seconds left, rounded up', (t) => {
  const throttle = loginThrottle({ baseDelaySeconds: 4 });
  failTimes(throttle, 6, 'alice@example.com', '10.0.0.1', t0);
  const error = t.throws(() => throttle.check('alice@example.com', '10.0.0.1', t0 + 1500), { instanceOf: AppError });
  t.is(error?.code, 'POL1008');
  t.deepEqual(error?.variables, ['3']);
  t.is(error?.message, 'Too many failed logins: retry after 3 seconds');
  t.is(error?.info.type, 'PolicyException');
  t.is(retryAfter(throttle, 'alice@example.com', '10.0.0.1', t0 + 3999), 1);
  t.is(retryAfter(throttle, 'alice@example.com', '10.0.0.1', t0 + 4000), 0);
});

test('a successful login resets the pair count', (t) => {
  const throttle = loginThrottle();
  failTimes(throttle, 5, 'alice@example.com', '10.0.0.1', t0);
  throttle.succeeded('alice@example.com', '10.0.0.1', t0 + 1);
  failTimes(throttle, 5, 'alice@example.com', '10.0.0.1', t0 + 2);
  t.is(retryAfter(throttle, 'alice@example.com', '10.0.0.1', t0 + 2), 0);
  throttle.failed('alice@example.com', '10.0.0.1', t0 + 2);
  t.is(retryAfter(throttle, 'alice@example.com', '10.0.0.1', t0 + 2), 1);
});

test('one address failing across many usernames is blocked for every username', (t) => {
  const throttle = loginThrottle();
  for (let i = 0; i < 20; i++) throttle.failed(`user${i}@example.com`, '10.0.0.66', t0);
  t.is(retryAfter(throttle, 'fresh@example.com', '10.0.0.66', t0), 0);
  throttle.failed('user20@example.com', '10.0.0.66', t0);
  t.is(retryAfter(throttle, 'fresh@example.com', '10.0.0.66', t0), 1);
  t.is(retryAfter(throttle, 'user0@example.com', '10.0.0.66', t0), 1);
  // The usernames it tried are not blocked for anyone else.
  t.is(retryAfter(throttle, 'user0@example.com', '10.0.0.1', t0), 0);
  throttle.failed('user21@example.com', '10.0.0.66', t0 + seconds(1));
  t.is(retryAfter(throttle, 'fresh@example.com', '10.0.0.66', t0 + seconds(1)), 2);
});

test('an account attacked from many addresses is blocked, except for an address that logged in recently', (t) => {
  const throttle = loginThrottle();
  throttle.succeeded('alice@example.com', '192.0.2.7', t0);
  const now = t0 + seconds(60);
  for (let i = 0; i < 50; i++) throttle.failed('alice@example.com', `10.0.${i}.1`, now);
  t.is(retryAfter(throttle, 'alice@example.com', '10.9.9.9', now), 0);
  throttle.failed('alice@example.com', '10.0.50.1', now);
  t.is(retryAfter(throttle, 'alice@example.com', '10.9.9.9', now), 1);
  t.is(retryAfter(throttle, 'bob@example.com', '10.9.9.9', now), 0);
  // The real user's address goes on...
  t.is(retryAfter(throttle, 'alice@example.com', '192.0.2.7', now), 0);
  // ...but its own pair and client limits still apply.
  failTimes(throttle, 6, 'alice@example.com', '192.0.2.7', now);
  t.true(retryAfter(throttle, 'alice@example.com', '192.0.2.7', now) > 0);
});

test('a login older than the window no longer exempts its address from the account-wide block', (t) => {
  const throttle = loginThrottle();
  throttle.succeeded('alice@example.com', '192.0.2.7', t0);
  const now = t0 + seconds(901);
  for (let i = 0; i < 51; i++) throttle.failed('alice@example.com', `10.0.${i}.1`, now);
  t.is(retryAfter(throttle, 'alice@example.com', '192.0.2.7', now), 1);
});

test('failures older than the window are forgotten, and their entries dropped', (t) => {
  const throttle = loginThrottle();
  failTimes(throttle, 5, 'alice@example.com', '10.0.0.1', t0);
  failTimes(throttle, 5, 'bob@example.com', '10.0.0.2', t0);
  t.is(throttle.size, 6);

  const later = t0 + seconds(900) + 1;
  throttle.failed('alice@example.com', '10.0.0.1', later);
  t.is(retryAfter(throttle, 'alice@example.com', '10.0.0.1', later), 0);
  // bob's stale entries went when alice's were written anew.
  t.is(throttle.size, 3);
  // Within the window the sixth failure blocks.
  const control = loginThrottle();
  failTimes(control, 5, 'alice@example.com', '10.0.0.1', t0);
  control.failed('alice@example.com', '10.0.0.1', t0 + seconds(900));
  t.is(retryAfter(control, 'alice@example.com', '10.0.0.1', t0 + seconds(900)), 1);
});

test('each table holds at most maxEntries, however many keys are tried', (t) => {
  const maxEntries = 100;
  const throttle = loginThrottle({ maxEntries });
  for (let i = 0; i < 10 * maxEntries; i++) throttle.failed(`user${i}@example.com`, `10.${i >> 8}.${i & 255}.1`, t0);
  t.true(throttle.size <= 3 * maxEntries);
  t.is(throttle.size, 3 * maxEntries);
  // The newest entries are the ones kept.
  const last = 10 * maxEntries - 1;
  const username = `user${last}@example.com`;
  const client = `10.${last >> 8}.${last & 255}.1`;
  failTimes(throttle, 5, username, client, t0);
  t.is(retryAfter(throttle, username, client, t0), 1);
});

test('usernames are trimmed and cut to 256 characters: a 100 kB username makes no 100 kB key', (t) => {
  const throttle = loginThrottle();
  const prefix = 'a'.repeat(256);
  const huge = (fill: string) => prefix + fill.repeat(100_000);
  failTimes(throttle, 5, huge('x'), '10.0.0.1', t0);
  throttle.failed(huge('y'), '10.0.0.1', t0);
  // Six failures on one counter: every username sharing the first 256 characters is blocked.
  t.is(retryAfter(throttle, prefix, '10.0.0.1', t0), 1);
  t.is(retryAfter(throttle, `  ${prefix}z`, '10.0.0.1', t0), 1);
  t.is(retryAfter(throttle, prefix.slice(1), '10.0.0.1', t0), 0);
  t.is(throttle.size, 3);

  failTimes(throttle, 6, ' bob@example.com ', '10.0.0.2', t0);
  t.is(retryAfter(throttle, 'bob@example.com', '10.0.0.2', t0), 1);
});

test('options are checked', (t) => {
  t.throws(() => loginThrottle({ maxEntries: 0 }), { instanceOf: RangeError });
  t.throws(() => loginThrottle({ windowSeconds: Number.NaN }), { instanceOf: RangeError });
  t.notThrows(() => loginThrottle({ pairFailures: 0 }));
});
