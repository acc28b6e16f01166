// Blocking across domains (issue 14; docs/federation.md "Blocking"): a user blocks a remote spammer, then the
// spammer's whole domain; the operator blocks a peer's user or domain for everyone. Each block refuses the
// blocked party's messages (the one answer POL3001, no block revealed) and keeps its subscription requests
// silently pending. Two gateways linked both ways, real SOAP between them.
import { join } from 'node:path';
import test from 'ava';
import { faultOf, list } from '../helpers/clients.js';
import { twoDomains, until } from '../helpers/federation.js';
import { runImwsi } from '../helpers/process.js';
import { type User, userOf } from '../helpers/social.js';

/** Sends one message to bob@b1.example; resolves with the refusal the sender's gateway hears back. */
async function refusal(from: User, content: string): Promise<string> {
  const sent = await from.im.call('SendMessages', { message: [{ recipient: ['bob@b1.example'], content }] });
  const messageId = list<any>(sent.result)[0].messageId;
  const failed = await until(async () => {
    const s = list<any>((await from.im.call('GetDeliveryStatus', { messageId })).status)[0];
    return s?.status === 'failed' ? s : undefined;
  }, 'the refusal at the sender');
  return String(failed.reason);
}

/** Sends one message to Bob and reads it in his inbox: it got through. */
async function arrives(from: User, bob: User, content: string): Promise<boolean> {
  await from.im.call('SendMessages', { message: [{ recipient: ['bob@b1.example'], content }] });
  const [item] = await bob.inbox(10);
  return item?.sender === from.address;
}

test('a user blocks a remote spammer, then the whole remote domain: messages refused, requests pending, silently', async (t) => {
  const { b1, b2 } = await twoDomains(t, ['bob'], ['spammer', 'other']);
  const bob = await userOf(b1, 'bob@b1.example');
  const spammer = await userOf(b2, 'spammer@b2.example');
  const other = await userOf(b2, 'other@b2.example');

  await bob.contacts.call('BlockUser', { user: 'spammer@b2.example' });
  t.regex(await refusal(spammer, 'c3BhbQ=='), /POL3001/);
  t.true(await arrives(other, bob, 'aGVsbG8='), 'another user of the domain still gets through');

  // The whole domain: every user of it, including one never seen before the block.
  const blocks = await bob.contacts.call('BlockUser', { domain: 'B2.example' });
  t.deepEqual(list(blocks.blockList.domain), ['b2.example']);
  t.regex(await refusal(other, 'c3BhbSB0b28='), /POL3001/);
  await other.presence.call('SubscribePresence', { presentity: ['bob@b1.example'] });
  await until(async () => list<any>((await bob.presence.call('GetWatchers', {})).watcher).length > 0, 'the request at b1');
  t.deepEqual(await bob.inbox(1), [], 'neither the message nor a subscription request reached Bob');

  // Own domain and nonsense are refused; lifting the domain block lets the domain's users in again.
  for (const domain of ['b1.example', 'not a domain'])
    t.is(faultOf(await t.throwsAsync(bob.contacts.call('BlockUser', { domain }))).messageId, 'SVC3010');
  await bob.contacts.call('UnblockUser', { domain: 'b2.example' });
  t.true(await arrives(other, bob, 'YmFjaw=='));
});

test("the operator blocks a peer's user, then the peer domain, for everyone (imwsi blocks)", async (t) => {
  const { b1, b2 } = await twoDomains(t, ['bob', 'carol'], ['spammer', 'other']);
  const db = ['--db', join(b1.dir, 'imwsi.sqlite'), '--domain', 'b1.example'];
  const bob = await userOf(b1, 'bob@b1.example');
  const spammer = await userOf(b2, 'spammer@b2.example');
  const other = await userOf(b2, 'other@b2.example');

  const added = await runImwsi(['blocks', 'add', 'spammer@b2.example', '--reason', 'phishing', ...db]);
  t.is(added.status, 0, added.stderr);
  t.regex(added.stdout, /blocked spammer@b2.example for every user/);
  // The blocked user is known here by a stand-in account, which `users list` marks as remote.
  t.regex((await runImwsi(['users', 'list', ...db])).stdout, /^spammer@b2\.example\s+user\s+remote\s/m);
  t.regex(await refusal(spammer, 'c3BhbQ=='), /POL3001/);
  t.true(await arrives(other, bob, 'aGVsbG8='));

  t.is((await runImwsi(['blocks', 'add', 'b2.example', ...db])).status, 0);
  t.regex(await refusal(other, 'c3BhbSB0b28='), /POL3001/);
  // Carol never blocked anyone: the operator's block keeps the domain's requests from her too.
  const carol = await userOf(b1, 'carol@b1.example');
  await other.presence.call('SubscribePresence', { presentity: ['carol@b1.example'] });
  await until(async () => list<any>((await carol.presence.call('GetWatchers', {})).watcher).length > 0, 'the request at b1');
  t.deepEqual(await carol.inbox(1), [], 'no subscription request reached Carol');
  const listed = (await runImwsi(['blocks', 'list', ...db])).stdout;
  t.regex(listed, /^spammer@b2.example\t\S+\tphishing$/m);
  t.regex(listed, /^b2.example\t/m);
  // A hosted domain is no peer; lifting works once.
  const own = await runImwsi(['blocks', 'add', 'b1.example', ...db]);
  t.is(own.status, 1);
  t.regex(own.stderr, /not a peer domain/);
  t.regex((await runImwsi(['blocks', 'remove', 'b2.example', ...db])).stdout, /unblocked b2.example/);
  t.regex((await runImwsi(['blocks', 'remove', 'b2.example', ...db])).stdout, /was not blocked: nothing to lift/);
  t.true(await arrives(other, bob, 'YmFjaw=='));
});
