// Send and receive limits (docs/operations.md "Limits"), each at its boundary and just past it, through real
// SOAP clients over HTTP; the operator sets them through the policy service the CLI uses.
import test from 'ava';
import { list, text } from '../helpers/clients.js';
import { startTestGateway } from '../helpers/gateway.js';
import { filledFault, localOperator, operatorOf, policyClient } from '../helpers/policy.js';
import { send, userOf, type User } from '../helpers/social.js';
import { groupUserOf } from '../groups/group-user.js';

const sendOne = (from: User, to: string[], options: Record<string, unknown> = {}) =>
  from.im.call('SendMessages', { message: [{ recipient: to, content: text('hi'), ...options }] });

async function refused(t: any, call: Promise<unknown>): Promise<{ messageId: string; text: string }> {
  const error = await t.throwsAsync(call);
  return filledFault(error);
}

const nextHour = () => new Date(Math.floor(Date.now() / 3_600_000 + 1) * 3_600_000).toISOString();

test('messages.hour: the most specific limit wins; past it POL7001 names the limit, the use and the reset time', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob', 'carol'] });
  t.teardown(() => gw.stop());
  const policy = await operatorOf(gw, t.teardown);
  await policy.setLimit(localOperator, 'system', undefined, 'messages.hour', '1');
  await policy.setLimit(localOperator, 'account', 'alice@example.com', 'messages.hour', '2');
  const [alice, bob] = [await userOf(gw, 'alice'), await userOf(gw, 'bob')];

  await sendOne(alice, ['carol@example.com']);
  await sendOne(alice, ['carol@example.com']);
  const fault = await refused(t, sendOne(alice, ['carol@example.com']));
  t.is(fault.messageId, 'POL7001');
  t.is(fault.text, `Limit messages.hour (account alice@example.com) reached: 2 used of 2; it resets at ${nextHour()}`);

  await sendOne(bob, ['carol@example.com']);
  t.is((await refused(t, sendOne(bob, ['carol@example.com']))).messageId, 'POL7001');
  // A refused request counted nothing and stored nothing: carol got three messages.
  t.is((await userOf(gw, 'carol').then((c) => c.inbox())).length, 3);

  const status = await (await policyClient(gw, 'alice')).call('GetQuotaStatus', {});
  const quota = list<any>(status.quota);
  t.deepEqual(
    quota.map((q) => [q.name, q.setAt, Number(q.limit), Number(q.used), Number(q.remaining), new Date(q.resetsAt).toISOString()]),
    [['messages.hour', 'account alice@example.com', 2, 2, 0, nextHour()]],
  );
  t.is(status.submissionAllowed, true);
  t.is(status.delivery, 'on');
});

test('message.bytes and content types: at the limit accepted, one byte past refused (POL7002, POL7003)', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gw.stop());
  const policy = await operatorOf(gw, t.teardown);
  await policy.setLimit(localOperator, 'domain', 'example.com', 'message.bytes', '10');
  await policy.setLimit(localOperator, 'role', 'user', 'content.deny', 'image/*');
  const alice = await userOf(gw, 'alice');
  const body = (n: number) => ({ content: Buffer.alloc(n, 'x').toString('base64') });
  await alice.im.call('SendMessages', { message: [{ recipient: ['bob@example.com'], ...body(10) }] });
  t.is(
    (await refused(t, alice.im.call('SendMessages', { message: [{ recipient: ['bob@example.com'], ...body(11) }] }))).messageId,
    'POL7002',
  );
  const image = await refused(t, sendOne(alice, ['bob@example.com'], { contentType: 'image/png' }));
  t.deepEqual(image, { ...image, messageId: 'POL7003', text: 'Content type image/png is not accepted (content.deny (role user))' });
  await sendOne(alice, ['bob@example.com'], { contentType: 'application/json' });

  await policy.setLimit(localOperator, 'account', 'alice@example.com', 'content.allow', 'text/plain');
  await sendOne(alice, ['bob@example.com'], { contentType: 'text/plain; charset=utf-8' });
  t.is((await refused(t, sendOne(alice, ['bob@example.com'], { contentType: 'application/json' }))).messageId, 'POL7003');
});

test('recipients.hour counts recipients; send.rate is a token bucket of its burst (POL7004)', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob', 'carol', 'dave'] });
  t.teardown(() => gw.stop());
  const policy = await operatorOf(gw, t.teardown);
  await policy.setLimit(localOperator, 'account', 'alice@example.com', 'recipients.hour', '3');
  await policy.setLimit(localOperator, 'account', 'bob@example.com', 'send.rate', '1');
  await policy.setLimit(localOperator, 'account', 'bob@example.com', 'send.burst', '2');
  const [alice, bob] = [await userOf(gw, 'alice'), await userOf(gw, 'bob')];

  await sendOne(alice, ['bob@example.com', 'carol@example.com']);
  await sendOne(alice, ['dave@example.com']);
  t.is((await refused(t, sendOne(alice, ['bob@example.com']))).messageId, 'POL7001');

  await sendOne(bob, ['carol@example.com']);
  await sendOne(bob, ['carol@example.com']);
  const fast = await refused(t, sendOne(bob, ['carol@example.com']));
  t.is(fast.messageId, 'POL7004');
  t.regex(
    fast.text,
    /^Sending too fast: limit send\.rate \(account bob@example\.com\) allows 1 a minute with a burst of 2; retry at \d{4}-/,
  );
  const [rate] = list<any>((await (await policyClient(gw, 'bob')).call('GetQuotaStatus', {})).quota).filter((q) => q.name === 'send.rate');
  t.deepEqual([Number(rate.limit), Number(rate.remaining)], [2, 0]);
});

test('inbox.depth refuses the message past it per recipient (POL7005) and never answers queued for it', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob', 'carol'] });
  t.teardown(() => gw.stop());
  const policy = await operatorOf(gw, t.teardown);
  await policy.setLimit(localOperator, 'account', 'bob@example.com', 'inbox.depth', '2');
  const [alice, bob] = [await userOf(gw, 'alice'), await userOf(gw, 'bob')];
  await send(alice, ['bob@example.com'], 'one');
  await send(alice, ['bob@example.com'], 'two');
  t.deepEqual(await send(alice, ['bob@example.com', 'carol@example.com'], 'three'), [
    { address: 'bob@example.com', status: 'failed', errorCode: 'POL7005' },
    { address: 'carol@example.com', status: 'queued', errorCode: undefined },
  ]);
  const [depth] = list<any>((await (await policyClient(gw, 'bob')).call('GetQuotaStatus', {})).quota);
  t.deepEqual(
    [depth.name, Number(depth.limit), Number(depth.used), Number(depth.remaining), depth.resetsAt],
    ['inbox.depth', 2, 2, 0, undefined],
  );
  t.deepEqual(
    (await bob.inbox()).map((m) => m.text),
    ['one', 'two'],
  );
  // Emptied, the inbox takes messages again; two in one request fill it exactly, the third is refused.
  const three = await alice.im.call('SendMessages', {
    message: ['a', 'b', 'c'].map((s) => ({ recipient: ['bob@example.com'], content: text(s) })),
  });
  t.deepEqual(
    list<any>(three.result).map((r) => list<any>(r.recipientResult)[0].status),
    ['queued', 'queued', 'failed'],
  );
});

test('inbox.overflow expire-oldest keeps the newest and expires the oldest, reported as expired', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob'], settings: { 'sweep-interval-ms': 50 } });
  t.teardown(() => gw.stop());
  const policy = await operatorOf(gw, t.teardown);
  await policy.setLimit(localOperator, 'system', undefined, 'inbox.depth', '2');
  await policy.setLimit(localOperator, 'system', undefined, 'inbox.overflow', 'expire-oldest');
  const [alice, bob] = [await userOf(gw, 'alice'), await userOf(gw, 'bob')];
  for (const body of ['one', 'two', 'three'])
    await alice.im.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text(body), deliveryReport: true }] });
  t.deepEqual(
    (await bob.inbox()).map((m) => m.text),
    ['two', 'three'],
  );
  // "one" expired (the sweep reports it), "two" and "three" were delivered.
  const reports: string[] = [];
  while (reports.length < 3) reports.push(...(await alice.notices('deliveryReport', 5)).map((r) => r.status!));
  t.deepEqual(reports.sort(), ['delivered', 'delivered', 'expired']);
});

test('receive.minute refuses the recipient past it (POL7006) and counts only what it admitted', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob', 'carol'] });
  t.teardown(() => gw.stop());
  const policy = await operatorOf(gw, t.teardown);
  await policy.setLimit(localOperator, 'account', 'bob@example.com', 'receive.minute', '1');
  const [alice, carol] = [await userOf(gw, 'alice'), await userOf(gw, 'carol')];
  t.deepEqual(await send(alice, ['bob@example.com'], 'one'), [{ address: 'bob@example.com', status: 'queued', errorCode: undefined }]);
  t.deepEqual(await send(carol, ['bob@example.com', 'alice@example.com'], 'two'), [
    { address: 'bob@example.com', status: 'failed', errorCode: 'POL7006' },
    { address: 'alice@example.com', status: 'queued', errorCode: undefined },
  ]);
  const [received] = list<any>((await (await policyClient(gw, 'bob')).call('GetQuotaStatus', {})).quota);
  t.deepEqual([received.name, Number(received.used), Number(received.remaining)], ['receive.minute', 1, 0]);
});

test('presence publications and group messages are limited apart from messaging (MO-2)', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gw.stop());
  const policy = await operatorOf(gw, t.teardown);
  await policy.setLimit(localOperator, 'system', undefined, 'presence.minute', '1');
  await policy.setLimit(localOperator, 'system', undefined, 'messages.minute', '1');
  const alice = await userOf(gw, 'alice');
  await alice.presence.call('PublishPresence', { availability: 'available' });
  const fault = await refused(t, alice.presence.call('PublishPresence', { availability: 'busy' }));
  t.is(fault.messageId, 'POL7001');
  t.regex(fault.text, /^Limit presence\.minute \(system\) reached: 1 used of 1/);
  // Messaging has its own count: the publications used none of it.
  await sendOne(alice, ['bob@example.com']);
  t.is((await refused(t, sendOne(alice, ['bob@example.com']))).messageId, 'POL7001');
});

test('the operator is told what is wrong with a limit (SVC7001, SVC7002, SVC7006)', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice'] });
  t.teardown(() => gw.stop());
  const policy = await operatorOf(gw, t.teardown);
  const code = async (call: Promise<unknown>) => ((await t.throwsAsync(call)) as any).code;
  t.is(await code(policy.setLimit(localOperator, 'system', undefined, 'messages.week', '1')), 'SVC7001');
  t.is(await code(policy.setLimit(localOperator, 'system', undefined, 'messages.hour', '-1')), 'SVC7002');
  t.is(await code(policy.setLimit(localOperator, 'system', undefined, 'inbox.overflow', 'drop')), 'SVC7002');
  t.is(await code(policy.setLimit(localOperator, 'peer', 'b2.example', 'messages.hour', '1')), 'SVC7006');
  t.is(await code(policy.setLimit(localOperator, 'account', 'nobody@example.com', 'messages.hour', '1')), 'SVC2002');
  t.is(await code(policy.setLimit(localOperator, 'role', 'wizard', 'messages.hour', '1')), 'SVC7006');
  const alice = await userOf(gw, 'alice');
  t.is(await code(policy.setLimit(alice.address as never, 'system', undefined, 'messages.hour', '1')), 'POL1005');
});

test('/metrics counts refusals per reason, throttled requests and quota use', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gw.stop());
  const policy = await operatorOf(gw, t.teardown);
  await policy.setLimit(localOperator, 'system', undefined, 'recipients.hour', '2');
  await policy.setLimit(localOperator, 'system', undefined, 'message.bytes', '5');
  const alice = await userOf(gw, 'alice');
  await sendOne(alice, ['bob@example.com', 'bob@example.com']);
  await t.throwsAsync(sendOne(alice, ['bob@example.com']));
  await t.throwsAsync(alice.im.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text('too long') }] }));
  const metrics = await (await fetch(`${gw.url}/metrics`)).text();
  for (const line of [
    'imwsi_policy_refusals_total{reason="recipients.hour"} 1',
    'imwsi_policy_refusals_total{reason="message.bytes"} 1',
    'imwsi_policy_throttled_total{limit="recipients.hour"} 1',
    'imwsi_policy_quota_used_total{limit="recipients.hour"} 2',
  ])
    t.true(metrics.includes(line), line);
});

test('groups.minute limits group messages apart from messaging (MO-2)', async (t) => {
  const gw = await startTestGateway({ accounts: ['ann', 'ben'], settings: { 'group-message-interval-ms': 0 } });
  t.teardown(() => gw.stop());
  const policy = await operatorOf(gw, t.teardown);
  await policy.setLimit(localOperator, 'account', 'ann@example.com', 'groups.minute', '2');
  await policy.setLimit(localOperator, 'account', 'ann@example.com', 'messages.minute', '1');
  const [ann, ben] = [await groupUserOf(gw, 'ann'), await groupUserOf(gw, 'ben')];
  const { group } = await ann.groups.call('CreateGroup', { name: 'Trip', access: 'open' });
  await ben.groups.call('JoinGroup', { groupId: group.groupId, screenName: 'Ben' });
  await ann.say(group.groupId, 'one');
  await ann.say(group.groupId, 'two');
  const fault = await refused(t, ann.say(group.groupId, 'three'));
  t.is(fault.messageId, 'POL7001');
  t.regex(fault.text, /^Limit groups\.minute \(account ann@example\.com\) reached: 2 used of 2/);
  // Messaging is counted apart: its one message a minute is still there.
  await sendOne(ann, ['ben@example.com']);
});

test('a request of several messages is counted whole: past the limit it is refused whole, nothing stored', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gw.stop());
  const policy = await operatorOf(gw, t.teardown);
  await policy.setLimit(localOperator, 'account', 'alice@example.com', 'messages.hour', '3');
  const alice = await userOf(gw, 'alice');
  const batch = (...bodies: string[]) =>
    alice.im.call('SendMessages', { message: bodies.map((b) => ({ recipient: ['bob@example.com'], content: text(b) })) });
  await batch('one', 'two');
  const fault = await refused(t, batch('three', 'four'));
  t.is(fault.text, `Limit messages.hour (account alice@example.com) reached: 2 used of 3; it resets at ${nextHour()}`);
  await batch('three');
  t.deepEqual(
    (await userOf(gw, 'bob').then((b) => b.inbox())).map((m) => m.text),
    ['one', 'two', 'three'],
  );
});
