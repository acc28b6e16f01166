import test from 'ava';
import { InboxSignals } from '../../src/platform/wake/inbox-signals.js';

test('a subscriber is woken by a notify for its account only', async (t) => {
  const signals = new InboxSignals();
  const mine = signals.subscribe(1);
  const other = signals.subscribe(2);
  const waiting = mine.wait(10_000);
  signals.notify([1]);
  t.true(await waiting);
  t.false(await other.wait(1));
  mine.cancel();
  other.cancel();
  t.is(signals.waiting, 0);
});

test('a notify between subscribe and wait is not lost', async (t) => {
  const signals = new InboxSignals();
  const subscription = signals.subscribe(7);
  signals.notify([7]);
  t.true(await subscription.wait(10_000));
  subscription.cancel();
});

test('an abort ends the wait at once', async (t) => {
  const signals = new InboxSignals();
  const subscription = signals.subscribe(3);
  const abort = new AbortController();
  const waiting = subscription.wait(10_000, abort.signal);
  abort.abort();
  t.false(await waiting);
  subscription.cancel();
});
