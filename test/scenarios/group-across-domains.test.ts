// A group whose members live in two provider domains (issue 11 "A group spanning two provider domains", issue
// 14 "Groups: members from other domains"; docs/groups.md "Members in a peer domain"). b1.example hosts the
// group; uma@b2.example takes part from her own gateway with the qualified id <groupId>@b1.example, and
// reads what a local member would read: each message once, in the group's one order.
import test from 'ava';
import { list, nodeSoapClient, text } from '../helpers/clients.js';
import { addPeer, link, startDomain, twoDomains, twoProcessDomains, until } from '../helpers/federation.js';
import { backends, postgresAvailable } from '../helpers/backends.js';
import { password } from '../helpers/gateway.js';
import { recordingProxy } from '../helpers/recording-proxy.js';
import { attr, groupUserOf } from '../groups/group-user.js';
import { brief, crossing, groupMessages, readUntil, seqOf, withType } from './group-crossing.js';

test('a private group across two domains: invitation, answer, messages once and in order, a private message, leaving', async (t) => {
  const { b1, b2 } = await twoDomains(t, ['olga', 'pete'], ['uma']);
  const { olga, pete, uma, id, qualified, statuses, invitation, answer } = await crossing(b1, b2);
  t.deepEqual(statuses, [
    ['pete@b1.example', 'invited'],
    ['uma@b2.example', 'invited'],
  ]);
  // Uma reads the invitation as a local invitee would, the group id qualified with its hosting domain.
  t.like(invitation.notice, { type: 'groupInvitation', status: 'pending', address: 'olga@b1.example' });
  t.is(attr(invitation.notice, 'groupId'), qualified);
  t.is(attr(invitation.notice, 'groupName'), 'Crossing');
  t.like(answer.notice, { status: 'accepted' });
  t.is(attr(answer.notice, 'screenName'), 'Uma');
  const members = list<any>((await olga.groups.call('GetGroup', { groupId: id })).member).map((m) => m.screenName);
  t.deepEqual(members.sort(), ['Olga', 'Pete', 'Uma']);

  // Five messages from both domains, sent without waiting: every member reads the others' once, in one order.
  await olga.say(id, 'o1');
  await uma.say(qualified, 'u1');
  await pete.say(id, 'p1');
  await olga.say(id, 'o2');
  await uma.say(qualified, 'u2');
  const expected = { olga: ['u1', 'p1', 'u2'], pete: ['o1', 'u1', 'o2', 'u2'], uma: ['o1', 'p1', 'o2'] };
  const order = new Map<string, number>();
  for (const [name, user] of [
    ['olga', olga],
    ['pete', pete],
    ['uma', uma],
  ] as const) {
    const wanted = expected[name];
    const got = groupMessages(await readUntil(user, (items) => groupMessages(items).length >= wanted.length, `${wanted.length} messages`));
    t.deepEqual(got.map((m) => m.text).sort(), [...wanted].sort(), `${name} reads each message once`);
    const seqs = got.map(seqOf);
    t.deepEqual(
      seqs,
      [...seqs].sort((a, b) => a - b),
      `${name} reads them in the group's order`,
    );
    for (const m of got) {
      t.is(order.get(m.text) ?? seqOf(m), seqOf(m), `${m.text} has one place in the order`);
      order.set(m.text, seqOf(m));
      t.is(attr(m.notice, 'groupId'), name === 'uma' ? qualified : id);
    }
  }
  const fromUma = groupMessages(await readUntil(olga, () => true, ''));
  t.deepEqual(fromUma, [], 'no duplicates');

  // A private message inside the group crosses both ways.
  await pete.say(id, 'psst', { privateTo: 'Uma' });
  const secret = groupMessages(await readUntil(uma, (items) => groupMessages(items).length > 0, 'the private message'))[0]!;
  t.like(secret, { text: 'psst', sender: 'pete@b1.example' });
  t.like(secret.notice, { status: 'private', address: 'pete@b1.example' });
  await uma.say(qualified, 'just for you', { privateTo: 'Olga' });
  const back = groupMessages(await readUntil(olga, (items) => groupMessages(items).length > 0, 'the private answer'))[0]!;
  t.like(back, { text: 'just for you', sender: 'uma@b2.example' });
  t.like(back.notice, { status: 'private' });

  // Uma leaves from b2: the others hear it.
  t.true((await uma.groups.call('LeaveGroup', { groupId: qualified })).left);
  for (const user of [olga, pete]) {
    const left = withType('groupMember')(
      await readUntil(user, (items) => withType('groupMember')(items).some((i) => i.notice?.status === 'left'), 'the leave'),
    ).find((i) => i.notice?.status === 'left')!;
    t.is(attr(left.notice, 'screenName'), 'Uma');
  }
  t.deepEqual(
    list<any>((await olga.groups.call('GetGroup', { groupId: id })).member)
      .map((m) => m.screenName)
      .sort(),
    ['Olga', 'Pete'],
  );
  // Nothing sent after she left reaches her.
  await olga.say(id, 'after');
  await pete.inbox(2);
  t.deepEqual(groupMessages(await uma.inbox(1)), []);
});

test('list:<name> with a remote contact invites it; typing and the group closing reach it with the qualified id', async (t) => {
  const { b1, b2 } = await twoDomains(t, ['olga'], ['uma']);
  const olga = await groupUserOf(b1, 'olga@b1.example');
  const uma = await groupUserOf(b2, 'uma@b2.example');
  await olga.contacts.call('CreateContactList', { name: 'far' });
  await olga.contacts.call('AddContact', { listName: 'far', contact: 'uma@b2.example' });
  const { group } = await olga.groups.call('CreateGroup', { name: 'Far away', screenName: 'Olga' });
  const qualified = `${group.groupId}@b1.example`;
  const invited = await olga.groups.call('InviteToGroup', { groupId: group.groupId, invitee: ['list:far'] });
  t.deepEqual(
    list<any>(invited.result).map((r) => [r.address, r.status]),
    [['uma@b2.example', 'invited']],
  );
  await readUntil(uma, (items) => withType('groupInvitation')(items).length > 0, 'the invitation');
  await uma.groups.call('AnswerInvitation', { groupId: qualified, accept: true });
  const joined = withType('groupMember')(await readUntil(uma, (items) => withType('groupMember')(items).length > 0, 'her own join'))[0]!;
  t.like(joined.notice, { status: 'joined', address: 'uma@b2.example' });
  t.is(attr(joined.notice, 'groupId'), qualified);

  t.true((await olga.groups.call('SetTyping', { groupId: group.groupId, composing: true })).sent);
  const typing = withType('groupTyping')(
    await readUntil(uma, (items) => withType('groupTyping')(items).length > 0, 'the typing notice'),
  )[0]!;
  t.like(typing.notice, { status: 'composing' });
  t.is(attr(typing.notice, 'screenName'), 'Olga');

  await olga.groups.call('CloseGroup', { groupId: group.groupId, reason: 'done' });
  const closed = withType('groupClosed')(await readUntil(uma, (items) => withType('groupClosed')(items).length > 0, 'the closing'))[0]!;
  t.like(closed.notice, { reason: 'done' });
  t.is(attr(closed.notice, 'groupId'), qualified);
});

test('large group messages cross in batches that stop before the byte budget, intact and in order', async (t) => {
  const budget = 200_000;
  const b1 = await startDomain('b1.example', ['olga'], { 'social-batch-bytes': budget });
  const b2 = await startDomain('b2.example', ['uma']);
  const proxy = await recordingProxy(b2.url);
  t.teardown(() => Promise.all([b1.stop(), b2.stop(), proxy.close()]));
  await link({ ...b1, domain: 'b1.example' }, { ...b2, domain: 'b2.example' });
  await link({ ...b2, domain: 'b2.example' }, { ...b1, domain: 'b1.example' });
  // b1 reaches b2 through the proxy, which weighs every DeliverSocialEvents request.
  const account = 'peer-b1@b2.example';
  await addPeer(
    { ...b1, domain: 'b1.example' },
    { domain: 'b2.example', endpoint: `${proxy.url}/wsi/InstantMessaging`, username: account, password: password(account) },
  );
  const olga = await groupUserOf(b1, 'olga@b1.example');
  const uma = await groupUserOf(b2, 'uma@b2.example');
  const { group } = await olga.groups.call('CreateGroup', { name: 'Photos', screenName: 'Olga' });
  await olga.groups.call('InviteToGroup', { groupId: group.groupId, invitee: ['uma@b2.example'] });
  await readUntil(uma, (items) => withType('groupInvitation')(items).length > 0, 'the invitation');
  await uma.groups.call('AnswerInvitation', { groupId: `${group.groupId}@b1.example`, accept: true });
  await until(async () => list<any>((await olga.groups.call('GetGroup', { groupId: group.groupId })).member).length === 2, 'Uma joined');

  // Four 120 KB messages (160 KB each in base64): two would pass the 200 KB budget, so each goes alone.
  const photos = [1, 2, 3, 4].map((i) => Buffer.alloc(120_000, 64 + i));
  for (const photo of photos) await olga.groups.call('SendGroupMessage', { groupId: group.groupId, content: photo.toString('base64') });
  const got = groupMessages(await readUntil(uma, (items) => groupMessages(items).length >= 4, 'the photos'));
  // In order and intact: message i is 120,000 bytes of the letter i (A, B, C, D).
  t.deepEqual(
    got.map((m) => m.text === m.text[0]!.repeat(120_000) && m.text[0]),
    ['A', 'B', 'C', 'D'],
  );
  const big = proxy.socialBatches.filter((b) => b.bytes > 100_000);
  t.is(big.length, 4, 'each large message went in a request of its own');
  t.true(
    big.every((b) => b.events === 1),
    JSON.stringify(proxy.socialBatches),
  );
  t.true(
    proxy.socialBatches.filter((b) => b.events > 1).every((b) => b.bytes <= budget),
    'a batch of several stays within the budget',
  );
});

test('both ways on PostgreSQL: the hosting domain and the member domain each on its own database', async (t) => {
  if (!(await postgresAvailable())) {
    t.log('PostgreSQL is not reachable on 127.0.0.1:5432: skipped');
    t.false(await postgresAvailable());
    return;
  }
  const pg = backends.find((b) => b.name === 'pg')!;
  const [db1, db2] = [await pg.create(), await pg.create()];
  const b1 = await startDomain('b1.example', ['olga', 'pete'], db1.settings);
  const b2 = await startDomain('b2.example', ['uma'], db2.settings);
  t.teardown(async () => {
    await Promise.all([b1.stop(), b2.stop()]);
    await Promise.all([db1.drop(), db2.drop()]);
  });
  await link({ ...b1, domain: 'b1.example' }, { ...b2, domain: 'b2.example' });
  await link({ ...b2, domain: 'b2.example' }, { ...b1, domain: 'b1.example' });
  const { olga, pete, uma, id, qualified, answer } = await crossing(b1, b2);
  t.like(answer.notice, { status: 'accepted' });
  await olga.say(id, 'from b1');
  await uma.say(qualified, 'from b2');
  t.deepEqual(
    groupMessages(await readUntil(uma, (items) => groupMessages(items).length > 0, 'the message')).map((m) => m.text),
    ['from b1'],
  );
  const atPete = groupMessages(await readUntil(pete, (items) => groupMessages(items).length >= 2, 'both messages'));
  t.deepEqual(
    atPete.map((m) => m.text),
    ['from b1', 'from b2'],
  );
});

test('a public room across two domains shows screen names only, never an address of the other domain (5.17)', async (t) => {
  const { b1, b2 } = await twoDomains(t, ['pete'], ['uma']);
  const admin = await groupUserOf(b1, 'admin@b1.example');
  const pete = await groupUserOf(b1, 'pete@b1.example');
  const uma = await groupUserOf(b2, 'uma@b2.example');
  const { group } = await admin.groups.call('CreateGroup', { name: 'Lobby', visibility: 'public', properties: { access: 'open' } });
  const id: string = group.groupId;
  await admin.groups.call('InviteToGroup', { groupId: id, invitee: ['uma@b2.example'] });
  const invitation = withType('groupInvitation')(
    await readUntil(uma, (items) => withType('groupInvitation')(items).length > 0, 'the invitation'),
  )[0]!;
  t.is(invitation.notice?.address, undefined, "a room's invitation names no inviter");
  await uma.groups.call('AnswerInvitation', { groupId: `${id}@b1.example`, accept: true, screenName: 'Ghost' });
  await until(async () => list<any>((await admin.groups.call('GetGroup', { groupId: id })).member).length === 1, 'Ghost in the room');
  await pete.groups.call('JoinGroup', { groupId: id, screenName: 'Pete' });
  await pete.say(id, 'hello room');
  await uma.say(`${id}@b1.example`, 'boo');

  const atUma = await readUntil(uma, (items) => groupMessages(items).length > 0, "Pete's message");
  const atPete = await readUntil(pete, (items) => groupMessages(items).length > 0, "Ghost's message");
  t.like(groupMessages(atUma)[0], { text: 'hello room', sender: undefined });
  t.is(attr(groupMessages(atUma)[0]!.notice, 'screenName'), 'Pete');
  t.like(groupMessages(atPete)[0], { text: 'boo', sender: undefined });
  t.is(attr(groupMessages(atPete)[0]!.notice, 'screenName'), 'Ghost');
  for (const item of [...atUma, ...atPete]) {
    t.is(item.sender, undefined, brief(item));
    t.is(item.notice?.address, undefined, brief(item));
  }
  t.false(JSON.stringify(atPete).includes('uma@'), "Pete never sees Uma's address");
  t.false(JSON.stringify(atUma).includes('pete@'), "Uma never sees Pete's address");
});

test('a user of the peer domain who is not a member cannot post into the group with a forged event', async (t) => {
  const { b1, b2 } = await twoDomains(t, ['olga', 'pete'], ['uma', 'mallory']);
  const { olga, pete, id } = await crossing(b1, b2);
  // b2's peer account at b1 speaks for b2.example: an event from mallory@b2.example is trusted as hers, and
  // refused as a non-member's; one naming a b1.example sender is refused whole (POL4001).
  const peer = await nodeSoapClient(`${b1.url}/wsi/Federation?wsdl`, 'peer-b2@b1.example');
  const forged = (from: string) =>
    peer.call('DeliverSocialEvents', {
      event: [{ eventId: `forged-${from}`, type: 'groupSend', from, to: `${id}@b1.example`, content: text('spam') }],
    });
  const [result] = list<any>((await forged('mallory@b2.example')).result);
  t.like(result, { status: 'refused', errorCode: 'SVC5001' });
  const fault = await t.throwsAsync(forged('pete@b1.example'));
  t.regex(String((fault as any)?.body ?? fault?.message), /POL4001/);
  t.deepEqual(groupMessages(await olga.inbox(1)), []);
  t.deepEqual(groupMessages(await pete.inbox(1)), []);
});

test('a peer domain without groups across domains: the member hears a clear refusal (SVC8001), nothing hangs', async (t) => {
  const b1 = await startDomain('b1.example', ['olga'], { 'groups-across-domains': false });
  const b2 = await startDomain('b2.example', ['uma']);
  t.teardown(() => Promise.all([b1.stop(), b2.stop()]));
  await link({ ...b1, domain: 'b1.example' }, { ...b2, domain: 'b2.example' });
  await link({ ...b2, domain: 'b2.example' }, { ...b1, domain: 'b1.example' });
  const uma = await groupUserOf(b2, 'uma@b2.example');
  const groupId = 'AbCdEf123456@b1.example';
  // Both are answered at once (queued for b1.example); b1 refuses them, and the refusals come back.
  await uma.groups.call('AnswerInvitation', { groupId, accept: true });
  const sent = await uma.say(groupId, 'anyone?');
  const notices = await readUntil(
    uma,
    (items) => withType('groupJoinResult')(items).length > 0 && withType('deliveryReport')(items).length > 0,
    'the refusals',
  );
  const refusal = withType('groupJoinResult')(notices)[0]!;
  t.like(refusal.notice, { status: 'refused' });
  t.is(attr(refusal.notice, 'groupId'), groupId);
  t.regex(attr(refusal.notice, 'reason')!, /^SVC8001: Peer domain b1\.example does not support .*groups across domains/);
  const report = withType('deliveryReport')(notices)[0]!;
  t.like(report.notice, { status: 'failed', address: groupId });
  t.regex(report.notice!.reason!, /^SVC8001/);
  t.is(report.text.includes(sent.messageId), true);
});

test('an invitation to a domain without groups across domains: the inviter hears why (SVC8001)', async (t) => {
  const b1 = await startDomain('b1.example', ['olga']);
  const b2 = await startDomain('b2.example', ['uma'], { 'groups-across-domains': false });
  t.teardown(() => Promise.all([b1.stop(), b2.stop()]));
  await link({ ...b1, domain: 'b1.example' }, { ...b2, domain: 'b2.example' });
  await link({ ...b2, domain: 'b2.example' }, { ...b1, domain: 'b1.example' });
  const olga = await groupUserOf(b1, 'olga@b1.example');
  const { group } = await olga.groups.call('CreateGroup', { name: 'Lonely', screenName: 'Olga' });
  const [invited] = list<any>((await olga.groups.call('InviteToGroup', { groupId: group.groupId, invitee: ['uma@b2.example'] })).result);
  t.like(invited, { address: 'uma@b2.example', status: 'invited' });
  const answer = withType('groupInvitationAnswer')(
    await readUntil(olga, (items) => withType('groupInvitationAnswer')(items).length > 0, 'the undelivered invitation'),
  )[0]!;
  t.like(answer.notice, { address: 'uma@b2.example', status: 'declined' });
  t.regex(attr(answer.notice, 'reason')!, /^SVC8001: Peer domain b2\.example does not support .*groups across domains/);
});

test('exactly once and in order through a peer outage and a SIGKILL of either gateway', async (t) => {
  const { b1, b2 } = await twoProcessDomains(t, ['olga', 'pete'], ['uma']);
  const { olga, uma, id, qualified } = await crossing(b1, b2);

  // b2 is down while Olga writes; b1 is SIGKILLed with its queue full and comes back before b2.
  await b2.kill();
  for (let i = 1; i <= 5; i++) await olga.say(id, `outage #${i}`);
  await b1.kill();
  await b1.restart();
  await b2.restart();
  const got = groupMessages(await readUntil(uma, (items) => groupMessages(items).length >= 5, 'the queued messages'));
  t.deepEqual(
    got.map((m) => m.text),
    [1, 2, 3, 4, 5].map((i) => `outage #${i}`),
  );
  t.deepEqual(groupMessages(await uma.inbox(2)), [], 'no duplicates at b2');

  // Uma writes; her gateway is SIGKILLed with her messages queued and b1 down, then both come back.
  await b1.kill();
  for (let i = 1; i <= 3; i++) await uma.say(qualified, `from b2 #${i}`);
  await b2.kill();
  await b2.restart();
  await b1.restart();
  const atOlga = groupMessages(await readUntil(olga, (items) => groupMessages(items).length >= 3, "Uma's messages"));
  t.deepEqual(
    atOlga.map((m) => m.text),
    [1, 2, 3].map((i) => `from b2 #${i}`),
  );
  t.deepEqual(groupMessages(await olga.inbox(2)), [], 'no duplicates at b1');
});
