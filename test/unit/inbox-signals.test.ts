import test from 'ava';
import { InboxSignals } from '../../src/platform/wake/inbox-signals.js';

test('a subscriber is woken by a notify for its account only, and its listener is called', (t) => {
  const signals = new InboxSignals();
  const mine = signals.subscribe(1);
  const other = signals.subscribe(2);
  const calls: string[] = [];
  mine.listener = { wake: () => calls.push('mine') };
  other.listener = { wake: () => calls.push('other') };
  signals.notify([1]);
  t.true(mine.woken);
  t.false(other.woken);
  t.deepEqual(calls, ['mine']);
  t.is(signals.waiting, 2);
  mine.cancel();
  other.cancel();
  t.is(signals.waiting, 0);
});

test('a notify between subscribe and listening is not lost: the subscription is marked woken', (t) => {
  const signals = new InboxSignals();
  const subscription = signals.subscribe(7);
  signals.notify([7]);
  t.true(subscription.woken);
  subscription.cancel();
});

test('a cancelled subscription is not woken, and cancelling twice is harmless', (t) => {
  const signals = new InboxSignals();
  const subscription = signals.subscribe(3);
  let calls = 0;
  subscription.listener = { wake: () => calls++ };
  subscription.cancel();
  subscription.cancel();
  signals.notify([3]);
  t.is(calls, 0);
  t.false(subscription.woken);
  t.is(signals.waiting, 0);
});
