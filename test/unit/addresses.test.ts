import test from 'ava';
import { parseAddress } from '../../src/kernel/addresses.js';

test('IM addresses are folded to lower case', (t) => {
  t.deepEqual(parseAddress(' Bob@Example.COM '), { kind: 'im', address: 'bob@example.com', local: 'bob', domain: 'example.com' });
});

test('tel: addresses need E.164 with at most 15 digits', (t) => {
  t.deepEqual(parseAddress('tel:+4917612345678'), { kind: 'tel', msisdn: '+4917612345678' });
  t.is(parseAddress('tel:+1234567890123456').kind, 'malformed');
  t.is(parseAddress('tel:0176123').kind, 'malformed');
});

test('a bare name is a consumer username; anything else is malformed', (t) => {
  t.deepEqual(parseAddress('chess_king'), { kind: 'username', name: 'chess_king' });
  for (const bad of ['', 'a b', 'x@', '@example.com', 'a@b@c', 'a@-bad-.com']) t.is(parseAddress(bad).kind, 'malformed', bad);
});
