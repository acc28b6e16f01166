// A remote member's own view of a group (issue 11, issue 14; docs/groups.md "Members in a peer domain"):
// b1.example hosts the group, and uma@b2.example lists it, reads it, pages its history, types, opts out of
// typing and joins it at her own gateway, with the qualified id <groupId>@b1.example.
import test from 'ava';
import { list, nodeSoapClient, text } from '../helpers/clients.js';
import { twoDomains, until } from '../helpers/federation.js';
import { attr, faultCode, groupUserOf, type GroupUser } from '../groups/group-user.js';
import { type InboxItem } from '../helpers/social.js';
import { crossing, groupMessages, readUntil, withType } from './group-crossing.js';

const textOf = (e: any) => (e.content ? Buffer.from(e.content, 'base64').toString('utf8') : `${e.type}/${e.status}`);
const mine = async (user: GroupUser) => list<any>((await user.groups.call('ListMyGroups', {})).group);
const historyAt = async (user: GroupUser, groupId: string, extra: object = {}) => {
  const page = await user.groups.call('GetGroupHistory', { groupId, ...extra });
  return { texts: list<any>(page.entry).map(textOf), entries: list<any>(page.entry), more: page.more };
};

test('Uma lists and reads the b1 group at b2, pages its history both ways with history on join, and loses it when she leaves', async (t) => {
  const { b1, b2 } = await twoDomains(t, ['olga'], ['uma', 'vera']);
  const olga = await groupUserOf(b1, 'olga@b1.example');
  const uma = await groupUserOf(b2, 'uma@b2.example');
  const vera = await groupUserOf(b2, 'vera@b2.example');
  const { group } = await olga.groups.call('CreateGroup', { name: 'Crossing', screenName: 'Olga', properties: { topic: 'rivers' } });
  const id: string = group.groupId;
  const qualified = `${id}@b1.example`;
  await olga.say(id, 'o1');
  await olga.say(id, 'o2');
  await olga.groups.call('InviteToGroup', { groupId: id, invitee: ['uma@b2.example'] });
  await readUntil(uma, (items) => withType('groupInvitation')(items).length > 0, 'the invitation');
  t.deepEqual(await mine(uma), [], 'an invitation alone is no membership');
  await uma.groups.call('AnswerInvitation', { groupId: qualified, accept: true, screenName: 'Uma', history: 10 });
  await readUntil(uma, (items) => withType('groupMember')(items).length > 0, 'her own join');

  // ListMyGroups at b2 shows the b1 group beside her own, from the hosting domain's last notice.
  await vera.groups.call('CreateGroup', { name: 'Home', screenName: 'Vera' }).then(async ({ group: home }) => {
    await vera.groups.call('InviteToGroup', { groupId: home.groupId, invitee: ['uma@b2.example'] });
    await uma.groups.call('AnswerInvitation', { groupId: home.groupId, accept: true, screenName: 'Uma' });
  });
  const listed = await mine(uma);
  t.deepEqual(
    listed.map((g) => g.name),
    ['Home', 'Crossing'],
  );
  t.like(listed[1], {
    groupId: qualified,
    access: 'closed',
    visibility: 'private',
    topic: 'rivers',
    owner: 'olga@b1.example',
    memberCount: 2,
  });
  t.like(listed[1], { role: 'member', screenName: 'Uma' });
  const got = await uma.groups.call('GetGroup', { groupId: qualified });
  t.like(got.group, { groupId: qualified, name: 'Crossing', role: 'member' });
  t.deepEqual(
    list<any>(got.member).map((m) => [m.screenName, m.address]),
    [['Uma', 'uma@b2.example']],
  );

  // History on join is kept for paging, never new messages in her inbox; later messages are both.
  await olga.say(id, 'o3');
  const fresh = await readUntil(uma, (items) => groupMessages(items).length > 0, 'o3');
  t.deepEqual(
    groupMessages(fresh).map((m) => m.text),
    ['o3'],
  );
  await uma.say(qualified, 'u1');
  await until(async () => (await historyAt(uma, qualified)).texts.includes('u1'), 'her own message in her history');
  const oldest = await historyAt(uma, qualified, { order: 'oldestFirst' });
  t.deepEqual(oldest.texts, ['o1', 'o2', 'groupMember/joined', 'o3', 'u1']);
  t.deepEqual(
    oldest.entries.map((e) => e.groupSequence),
    [1, 2, 3, 4, 5],
    "the host's order",
  );
  const first = await historyAt(uma, qualified, { maxEntries: 2 });
  t.deepEqual(first.texts, ['u1', 'o3']);
  t.true(first.more);
  const next = await historyAt(uma, qualified, { maxEntries: 2, from: first.entries[1].groupSequence });
  t.deepEqual(next.texts, ['groupMember/joined', 'o2']);
  t.like(next.entries[0], { kind: 'event', screenName: 'Uma' });
  const fromO1 = await historyAt(uma, qualified, { order: 'oldestFirst', from: 1, maxEntries: 1 });
  t.deepEqual(fromO1.texts, ['o2']);

  // She leaves from b2: the group and her copy of its history are gone there at once.
  await uma.groups.call('LeaveGroup', { groupId: qualified });
  t.deepEqual(
    (await mine(uma)).map((g) => g.name),
    ['Home'],
  );
  t.is(await faultCode(uma.groups.call('GetGroup', { groupId: qualified })), 'SVC5001');
  t.is(await faultCode(uma.groups.call('GetGroupHistory', { groupId: qualified })), 'SVC5001');
});

test('a kick at b1 drops the group from the member’s list at b2', async (t) => {
  const { b1, b2 } = await twoDomains(t, ['olga', 'pete'], ['uma']);
  const { olga, uma, id, qualified } = await crossing(b1, b2);
  await until(async () => (await mine(uma)).length === 1, 'the group listed at b2');
  await olga.groups.call('ModerateMember', { groupId: id, screenName: 'Uma', action: 'kick', reason: 'spam' });
  await until(async () => (await mine(uma)).length === 0, 'the group dropped at b2');
  t.is(await faultCode(uma.groups.call('GetGroup', { groupId: qualified })), 'SVC5001');
});

test('typing from b2 reaches the b1 members, and the opt-out holds both ways across domains (PP-44)', async (t) => {
  const { b1, b2 } = await twoDomains(t, ['olga', 'pete'], ['uma']);
  const { olga, pete, uma, id, qualified } = await crossing(b1, b2);
  await until(async () => (await mine(uma)).length === 1, 'the group listed at b2');
  t.true((await uma.groups.call('SetTyping', { groupId: qualified, composing: true })).sent);
  for (const user of [olga, pete]) {
    const typing = withType('groupTyping')(await readUntil(user, (items) => withType('groupTyping')(items).length > 0, "Uma's typing"))[0]!;
    t.like(typing.notice, { status: 'composing' });
    t.is(attr(typing.notice, 'screenName'), 'Uma');
  }

  // Pete opts out at b1: Uma's signals from b2 no longer reach him, and still reach Olga.
  await pete.groups.call('SetMemberOptions', { groupId: id, typingNotices: false });
  t.true((await uma.groups.call('SetTyping', { groupId: qualified, composing: false })).sent);
  const idle = withType('groupTyping')(await readUntil(olga, (items) => withType('groupTyping')(items).length > 0, "Uma's idle"))[0]!;
  t.like(idle.notice, { status: 'idle' });
  await uma.say(qualified, 'after my idle');
  const atPete = await readUntil(pete, (items) => groupMessages(items).length > 0, "Uma's message after her idle");
  t.deepEqual(withType('groupTyping')(atPete), [], 'no typing notice from b2 reaches Pete, who opted out');

  // Uma opts out at b2: her signals are not sent, and the host sends her none.
  const options = await uma.groups.call('SetMemberOptions', { groupId: qualified, typingNotices: false });
  t.like(options.member, { screenName: 'Uma', typingNotices: false });
  t.false((await uma.groups.call('SetTyping', { groupId: qualified, composing: true })).sent);
  await until(
    async () =>
      list<any>((await olga.groups.call('GetGroup', { groupId: id })).member).some((m) => m.screenName === 'Uma' && !m.typingNotices),
    'the opt-out applied at b1',
  );
  await pete.groups.call('SetMemberOptions', { groupId: id, typingNotices: true });
  t.true((await olga.groups.call('SetTyping', { groupId: id, composing: true })).sent);
  await readUntil(pete, (items) => withType('groupTyping')(items).length > 0, "Olga's typing at Pete");
  await olga.say(id, 'after typing');
  const atUma: InboxItem[] = await readUntil(uma, (items) => groupMessages(items).length > 0, 'the message after the typing');
  t.deepEqual(withType('groupTyping')(atUma), [], 'no typing notice reaches Uma');
  t.deepEqual(withType('groupTyping')(await olga.inbox(1)), [], 'nothing of Uma typing reached Olga');
  t.is(await faultCode(uma.groups.call('SetMemberOptions', { groupId: qualified, screenName: 'Umaa' })), 'SVC0002');
});

test('Uma joins an open b1 group from b2, and asks to join a closed one, which an admin grants', async (t) => {
  const { b1, b2 } = await twoDomains(t, ['olga'], ['uma']);
  const olga = await groupUserOf(b1, 'olga@b1.example');
  const uma = await groupUserOf(b2, 'uma@b2.example');
  const { group: open } = await olga.groups.call('CreateGroup', { name: 'Open door', screenName: 'Olga', properties: { access: 'open' } });
  await olga.say(open.groupId, 'welcome in');
  const joined = await uma.groups.call('JoinGroup', { groupId: `${open.groupId}@b1.example`, screenName: 'Uma', history: 5 });
  t.is(joined.status, 'requested', 'answered at once; the hosting domain decides');
  const items = await readUntil(uma, (got) => withType('groupJoinResult')(got).length > 0, 'the join result');
  t.like(withType('groupJoinResult')(items)[0]!.notice, { status: 'granted' });
  t.true(withType('groupMember')(items).some((i) => i.notice?.status === 'joined'));
  t.deepEqual(groupMessages(items), [], 'history on join is no new message');
  await until(async () => (await historyAt(uma, `${open.groupId}@b1.example`)).texts.includes('welcome in'), 'history on join');
  t.deepEqual(
    (await mine(uma)).map((g) => [g.groupId, g.role]),
    [[`${open.groupId}@b1.example`, 'member']],
  );
  t.is(await faultCode(uma.groups.call('JoinGroup', { groupId: `${open.groupId}@b1.example` })), 'SVC5007');

  const { group: closed } = await olga.groups.call('CreateGroup', { name: 'Closed door', screenName: 'Olga' });
  t.is((await uma.groups.call('JoinGroup', { groupId: `${closed.groupId}@b1.example`, screenName: 'Uma' })).status, 'requested');
  const request = withType('groupJoinRequest')(
    await readUntil(olga, (got) => withType('groupJoinRequest')(got).length > 0, 'the request'),
  )[0]!;
  t.is(attr(request.notice, 'screenName'), 'Uma');
  await olga.groups.call('DecideJoinRequest', { groupId: closed.groupId, screenName: 'Uma', approve: true });
  const granted = await readUntil(uma, (got) => withType('groupJoinResult')(got).length > 0, 'the decision');
  t.like(withType('groupJoinResult')(granted)[0]!.notice, { status: 'granted' });
  await until(async () => (await mine(uma)).length === 2, 'both groups listed at b2');
});

test('a join the hosting domain refuses comes back to b2 as groupJoinResult refused with the reason, and lists nothing', async (t) => {
  const { b1, b2 } = await twoDomains(t, ['olga'], ['uma']);
  const olga = await groupUserOf(b1, 'olga@b1.example');
  const uma = await groupUserOf(b2, 'uma@b2.example');
  const { group } = await olga.groups.call('CreateGroup', { name: 'Open door', screenName: 'Olga', properties: { access: 'open' } });
  await olga.groups.call('InviteToGroup', { groupId: group.groupId, invitee: ['uma@b2.example'] });
  await readUntil(uma, (items) => withType('groupInvitation')(items).length > 0, 'the invitation');
  await uma.groups.call('AnswerInvitation', { groupId: `${group.groupId}@b1.example`, accept: true, screenName: 'Uma' });
  await until(async () => (await mine(uma)).length === 1, 'the group listed at b2');
  await olga.groups.call('ModerateMember', { groupId: group.groupId, screenName: 'Uma', action: 'ban', reason: 'rude' });
  await until(async () => (await mine(uma)).length === 0, 'the ban dropped it at b2');
  await uma.inbox();

  t.is((await uma.groups.call('JoinGroup', { groupId: `${group.groupId}@b1.example`, screenName: 'Uma2' })).status, 'requested');
  const result = withType('groupJoinResult')(await readUntil(uma, (got) => withType('groupJoinResult')(got).length > 0, 'the refusal'))[0]!;
  t.like(result.notice, { status: 'refused' });
  t.regex(attr(result.notice, 'reason')!, /^POL5007: /);
  t.is(attr(result.notice, 'groupId'), `${group.groupId}@b1.example`);
  t.deepEqual(await mine(uma), []);
});

test('what a hosting domain says about a group is checked at the member gateway: a malformed field is refused (SVC8002)', async (t) => {
  const { b2 } = await twoDomains(t, ['olga'], ['uma']);
  const uma = await groupUserOf(b2, 'uma@b2.example');
  // b1's peer account at b2 speaks for b1.example: it may name its own groups, and each field is checked.
  const peer = await nodeSoapClient(`${b2.url}/wsi/Federation?wsdl`, 'peer-b1@b2.example');
  const state = (role: string) =>
    Object.entries({
      'notice.type': 'groupMember',
      'group.name': 'Told',
      'group.access': 'closed',
      'group.visibility': 'private',
      'group.maxMembers': '50',
      'group.privateMessages': 'true',
      'group.membersMayInvite': 'false',
      'group.historySeconds': '3600',
      'group.createdByOperator': 'false',
      'group.createdAt': '2026-11-30T10:00:00Z',
      'group.members': '7',
      'member.screenName': 'Uma',
      'member.role': role,
      'member.muted': 'false',
      'member.typingNotices': 'true',
      'member.joinedAt': '2026-11-30T10:00:00Z',
      groupId: 'Told00000001',
      groupName: 'Told',
      screenName: 'Uma',
      groupSequence: '1',
    }).map(([name, value]) => ({ name, value }));
  let n = 0;
  const deliver = async (attribute: { name: string; value: string }[], extra: object = {}) =>
    list<any>(
      (
        await peer.call('DeliverSocialEvents', {
          event: [
            {
              eventId: `told-${++n}`,
              type: 'groupNotice',
              from: 'Told00000001@b1.example',
              to: 'uma@b2.example',
              status: 'joined',
              attribute,
              ...extra,
            },
          ],
        })
      ).result,
    )[0];
  t.like(await deliver(state('emperor')), { status: 'refused', errorCode: 'SVC8002' });
  t.like(await deliver(state('member').map((a) => (a.name === 'group.members' ? { ...a, value: '-1' } : a))), { errorCode: 'SVC8002' });
  t.deepEqual(await mine(uma), [], 'a refused event records nothing');
  t.deepEqual(withType('groupMember')(await uma.inbox()), [], 'nor writes its notice');
  t.like(await deliver(state('member')), { status: 'applied' });
  t.like((await mine(uma))[0], { groupId: 'Told00000001@b1.example', name: 'Told', memberCount: 7, role: 'member' });
  const badTime = [{ name: 'history.at', value: 'yesterday' }, ...state('member')];
  t.like(await deliver(badTime, { type: 'groupMessage', status: 'group', content: text('x') }), { errorCode: 'SVC8002' });
});
