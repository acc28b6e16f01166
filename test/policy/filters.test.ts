// Filters (PP-24, PP-25; docs/operations.md "Filters"): each criterion at its boundary and just past it, each
// treatment; users' own filters over the Policy service, the operator's system filters before them.
import test from 'ava';
import { faultOf, list, text } from '../helpers/clients.js';
import { startTestGateway } from '../helpers/gateway.js';
import { localOperator, operatorOf, policyClient } from '../helpers/policy.js';
import { send, stacks, userOf, type User } from '../helpers/social.js';

const statusOf = async (from: User, to: string, message: Record<string, unknown> = {}) => {
  const response = await from.im.call('SendMessages', { message: [{ recipient: [to], content: text('hello there'), ...message }] });
  const [r] = list<any>(list<any>(response.result)[0].recipientResult);
  return r.errorCode ? `${r.status} ${r.errorCode}` : r.status;
};

for (const stack of stacks) {
  test(`a user adds, lists and removes their own filters; reject tells the sender POL7007 (${stack})`, async (t) => {
    const gw = await startTestGateway({ accounts: ['alice', 'bob', 'carol'] });
    t.teardown(() => gw.stop());
    const [alice, carol] = [await userOf(gw, 'alice', stack), await userOf(gw, 'carol', stack)];
    const bob = await policyClient(gw, 'bob', stack);
    const { id } = await bob.call('AddInboxFilter', { criteria: { sender: 'alice@*' }, treatment: 'reject' });
    const [filter] = list<any>((await bob.call('GetInboxFilters', {})).filter);
    t.deepEqual([Number(filter.id), filter.criteria.sender, filter.treatment], [Number(id), 'alice@*', 'reject']);
    t.is(await statusOf(alice, 'bob@example.com'), 'failed POL7007');
    t.is(await statusOf(carol, 'bob@example.com'), 'queued');
    await bob.call('RemoveInboxFilter', { id });
    t.is(await statusOf(alice, 'bob@example.com'), 'queued');
    t.is(faultOf(await t.throwsAsync(bob.call('RemoveInboxFilter', { id }))).messageId, 'SVC7004');
    t.is(faultOf(await t.throwsAsync(bob.call('AddInboxFilter', { criteria: {}, treatment: 'reject' }))).messageId, 'SVC7003');
    const badRedirect = bob.call('AddInboxFilter', { criteria: { subject: 'x' }, treatment: 'redirect', redirectTo: 'not an address' });
    t.is(faultOf(await t.throwsAsync(badRedirect)).messageId, 'SVC7003');
  });
}

test('each criterion matches at its boundary and not just past it', async (t) => {
  const gw = await startTestGateway({
    accounts: ['alice', 'bob', 'carol@other.example'],
    settings: { domain: 'example.com,other.example' },
  });
  t.teardown(() => gw.stop());
  const [alice, carol] = [await userOf(gw, 'alice'), await userOf(gw, 'carol@other.example')];
  const bob = await policyClient(gw, 'bob');
  const hour = new Date().getUTCHours();
  const pad = (h: number) => String(h % 24).padStart(2, '0');
  const cases: [Record<string, unknown>, User, Record<string, unknown>, Record<string, unknown>][] = [
    // criteria, sender, a message that matches, one that just does not
    [{ senderDomain: 'other.example' }, carol, {}, { __from: alice }],
    [{ recipient: 'bob@example.com' }, alice, {}, { __to: 'carol@other.example' }],
    [{ contentType: 'application/*' }, alice, { contentType: 'application/json' }, { contentType: 'text/plain' }],
    [{ minBytes: 11 }, alice, {}, { content: text('hello ther') }],
    [{ maxBytes: 11 }, alice, {}, { content: text('hello there!') }],
    [{ subject: 'wIN*prize' }, alice, { subject: 'You win a prize' }, { subject: 'You win a priz' }],
    [{ priority: 'urgent' }, alice, { priority: 'urgent' }, { priority: 'high' }],
    [{ text: 'lo th' }, alice, {}, { contentType: 'application/octet-stream' }],
    [{ hours: `${pad(hour)}:00-${pad(hour + 1)}:00` }, alice, {}, undefined as never],
  ];
  for (const [criteria, from, matching, notMatching] of cases) {
    const { id } = await bob.call('AddInboxFilter', { criteria, treatment: 'reject' });
    t.is(await statusOf(from, 'bob@example.com', matching), 'failed POL7007', JSON.stringify(criteria));
    if (notMatching) {
      const { __from, __to, ...message } = notMatching;
      const to = (__to as string | undefined) ?? 'bob@example.com';
      t.is(await statusOf((__from as User | undefined) ?? from, to, message), 'queued', `${JSON.stringify(criteria)} just past`);
    }
    await bob.call('RemoveInboxFilter', { id });
  }
  const { id } = await bob.call('AddInboxFilter', { criteria: { hours: `${pad(hour + 1)}:00-${pad(hour + 2)}:00` }, treatment: 'reject' });
  t.is(await statusOf(alice, 'bob@example.com'), 'queued', 'outside the hours');
  await bob.call('RemoveInboxFilter', { id });
});

test('treatments: rejectSilent answers like a block, discard drops it, store holds it until released, redirect delivers elsewhere', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob', 'carol'] });
  t.teardown(() => gw.stop());
  const [alice, bob, carol] = [await userOf(gw, 'alice'), await userOf(gw, 'bob'), await userOf(gw, 'carol')];
  const bobPolicy = await policyClient(gw, 'bob');
  const outcomes: string[] = [];
  for (const treatment of ['rejectSilent', 'discard', 'store', 'redirect']) {
    const { id } = await bobPolicy.call('AddInboxFilter', {
      criteria: { subject: treatment },
      treatment,
      ...(treatment === 'redirect' ? { redirectTo: 'carol@example.com' } : {}),
    });
    outcomes.push(await statusOf(alice, 'bob@example.com', { subject: treatment }));
    await bobPolicy.call('RemoveInboxFilter', { id });
  }
  t.deepEqual(outcomes, ['failed POL3001', 'queued', 'queued', 'queued']);
  t.deepEqual(await bob.inbox(), []);
  t.deepEqual(
    (await carol.inbox()).map((m) => m.text),
    ['hello there'],
  );
  // The stored one waits in bob's inbox until he releases it (PP-25 3); the discarded one is gone.
  t.is(Number((await bobPolicy.call('GetQuotaStatus', {})).storedMessages), 1);
  t.is(Number((await bobPolicy.call('ReleaseStoredMessages', {})).released), 1);
  t.deepEqual(
    (await bob.inbox()).map((m) => m.text),
    ['hello there'],
  );
  t.is(Number((await bobPolicy.call('ReleaseStoredMessages', {})).released), 0);
});

test("the operator's system filters apply before a user's own, and users cannot see or remove them", async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob', 'spammer'] });
  t.teardown(() => gw.stop());
  const policy = await operatorOf(gw, t.teardown);
  const [alice, spammer] = [await userOf(gw, 'alice'), await userOf(gw, 'spammer')];
  const systemId = await policy.addFilter(localOperator, undefined, { sender: 'spammer@example.com' }, 'rejectSilent', undefined);
  const bob = await policyClient(gw, 'bob');
  // bob's own filter would let the spammer through to carol; the system filter has refused first.
  await bob.call('AddInboxFilter', { criteria: { sender: '*' }, treatment: 'redirect', redirectTo: 'alice@example.com' });
  t.is(await statusOf(spammer, 'bob@example.com'), 'failed POL3001');
  t.deepEqual(list((await bob.call('GetInboxFilters', {})).filter).length, 1);
  t.is(faultOf(await t.throwsAsync(bob.call('RemoveInboxFilter', { id: systemId }))).messageId, 'SVC7004');
  t.is(await statusOf(alice, 'bob@example.com'), 'queued');
  t.deepEqual(
    (await alice.inbox()).map((m) => m.text),
    ['hello there'],
  );
  t.deepEqual(
    (await policy.listFilters(localOperator)).map((f) => [f.owner, f.treatment]),
    [
      [undefined, 'rejectSilent'],
      ['bob@example.com', 'redirect'],
    ],
  );
  t.true(await policy.removeFilter(localOperator, systemId, undefined));
  await send(spammer, ['bob@example.com'], 'now');
});

for (const stack of stacks) {
  test(`tag: the message is delivered with the filter's tag on it in GetMessages; others carry none (${stack})`, async (t) => {
    const gw = await startTestGateway({ accounts: ['alice', 'bob'] });
    t.teardown(() => gw.stop());
    const [alice, bob] = [await userOf(gw, 'alice', stack), await userOf(gw, 'bob', stack)];
    const bobPolicy = await policyClient(gw, 'bob', stack);
    await bobPolicy.call('AddInboxFilter', {
      criteria: { sender: 'alice@example.com', subject: 'urgent' },
      treatment: 'tag',
      tag: 'Important ★',
    });
    const [filter] = list<any>((await bobPolicy.call('GetInboxFilters', {})).filter);
    t.deepEqual([filter.treatment, filter.tag, filter.redirectTo], ['tag', 'Important ★', undefined]);
    t.is(await statusOf(alice, 'bob@example.com', { subject: 'This is URGENT' }), 'queued');
    t.is(await statusOf(alice, 'bob@example.com', { subject: 'later' }), 'queued');
    const batch = await bob.im.call('GetMessages', {});
    t.deepEqual(
      list<any>(batch.message).map((m) => [m.subject, m.tag]),
      [
        ['This is URGENT', 'Important ★'],
        ['later', undefined],
      ],
    );
    t.is(
      faultOf(await t.throwsAsync(bobPolicy.call('AddInboxFilter', { criteria: { subject: 'x' }, treatment: 'tag' }))).messageId,
      'SVC7003',
    );
  });
}

test("a redirect is admitted at its target: the target's block refuses it, answered as a block about the address written", async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob', 'carol'] });
  t.teardown(() => gw.stop());
  const [alice, carol] = [await userOf(gw, 'alice'), await userOf(gw, 'carol')];
  await (await policyClient(gw, 'bob')).call('AddInboxFilter', {
    criteria: { sender: '*' },
    treatment: 'redirect',
    redirectTo: 'carol@example.com',
  });
  await carol.contacts.call('BlockUser', { user: 'alice' });
  const response = await alice.im.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text('hi') }] });
  const [r] = list<any>(list<any>(response.result)[0].recipientResult);
  t.deepEqual(
    [r.address, r.status, r.errorCode, r.errorText],
    ['bob@example.com', 'failed', 'POL3001', 'The recipient bob@example.com does not accept this message'],
  );
  t.deepEqual(await carol.inbox(), []);
  // carol redirecting back to bob is one hop too many: the message stays with carol.
  await carol.contacts.call('UnblockUser', { user: 'alice' });
  await (await policyClient(gw, 'carol')).call('AddInboxFilter', {
    criteria: { sender: '*' },
    treatment: 'redirect',
    redirectTo: 'bob@example.com',
  });
  await send(alice, ['bob@example.com'], 'loop?');
  t.deepEqual(
    (await carol.inbox()).map((m) => m.text),
    ['loop?'],
  );
});

test('a user holds at most --filters-per-user filters (POL7009); the operator is not bound by it', async (t) => {
  const gw = await startTestGateway({ accounts: ['bob'], settings: { 'filters-per-user': 2 } });
  t.teardown(() => gw.stop());
  const bob = await policyClient(gw, 'bob');
  for (const subject of ['a', 'b']) await bob.call('AddInboxFilter', { criteria: { subject }, treatment: 'discard' });
  t.is(faultOf(await t.throwsAsync(bob.call('AddInboxFilter', { criteria: { subject: 'c' }, treatment: 'discard' }))).messageId, 'POL7009');
  const policy = await operatorOf(gw, t.teardown);
  t.true((await policy.addFilter(localOperator, 'bob@example.com', { subject: 'c' }, 'discard', undefined)) > 0);
});

test('recipientAvailable: while bob is busy a store filter holds what comes; available again, it is delivered at once', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gw.stop());
  const [alice, bob] = [await userOf(gw, 'alice'), await userOf(gw, 'bob')];
  const bobPolicy = await policyClient(gw, 'bob');
  await bobPolicy.call('AddInboxFilter', { criteria: { recipientAvailable: false }, treatment: 'store' });
  t.is(list<any>((await bobPolicy.call('GetInboxFilters', {})).filter)[0].criteria.recipientAvailable, false);
  await bob.presence.call('PublishPresence', { availability: 'busy' });
  await send(alice, ['bob@example.com'], 'while busy');
  t.deepEqual(await bob.inbox(), []);
  await bob.presence.call('PublishPresence', { availability: 'available' });
  await send(alice, ['bob@example.com'], 'while available');
  t.deepEqual(
    (await bob.inbox()).map((m) => m.text),
    ['while available'],
  );
  await bobPolicy.call('ReleaseStoredMessages', {});
  t.deepEqual(
    (await bob.inbox()).map((m) => m.text),
    ['while busy'],
  );
});
