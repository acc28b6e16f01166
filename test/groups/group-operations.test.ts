// Every Groups operation through both generated SOAP stacks (node soap and strong-soap), over real HTTP on a
// real SQLite file: what each one answers, and what the members find in their inboxes (GetMessages).
import test from 'ava';
import { decode, list, text } from '../helpers/clients.js';
import { password, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { stacks } from '../helpers/social.js';
import { attr, faultCode, type GroupUser, groupUserOf } from './group-user.js';

async function people(server: TestGateway, stack: (typeof stacks)[number]) {
  const [julia, romeo, maria] = await Promise.all(['julia', 'romeo', 'maria'].map((n) => groupUserOf(server, n, stack)));
  return { julia: julia!, romeo: romeo!, maria: maria! };
}

/** Julia's open group Verona with Romeo and Maria joined, every inbox read (the join notices are gone). */
async function verona(server: TestGateway, stack: (typeof stacks)[number]) {
  const members = await people(server, stack);
  const { julia, romeo, maria } = members;
  const { group } = await julia.groups.call('CreateGroup', { name: 'Verona', access: 'open' });
  const id: string = group.groupId;
  await romeo.groups.call('JoinGroup', { groupId: id, screenName: 'Romeo' });
  await maria.groups.call('JoinGroup', { groupId: id, screenName: 'Maria' });
  await Promise.all([julia.inbox(), romeo.inbox(), maria.inbox()]);
  return { ...members, id };
}

const start = () =>
  startTestGateway({
    accounts: [
      'julia',
      'romeo',
      'maria',
      { address: 'operator@example.com', password: password('operator@example.com'), role: 'admin' as const },
    ],
  });

const groupMessages = async (user: GroupUser) => (await user.inbox()).filter((i) => i.notice?.type === 'groupMessage');

for (const stack of stacks) {
  test(`${stack}: CreateGroup, GetGroup, ListMyGroups and SetGroupProperties; members hear of the change`, async (t) => {
    const server = await start();
    t.teardown(() => server.stop());
    const { julia, romeo } = await people(server, stack);
    const { group } = await julia.groups.call('CreateGroup', {
      name: 'Verona',
      access: 'open',
      properties: { topic: 'the balcony', welcome: 'Welcome!', maxMembers: 10 },
    });
    t.like(group, { name: 'Verona', access: 'open', visibility: 'private', role: 'owner', screenName: 'julia', topic: 'the balcony' });
    t.is(Number(group.maxMembers), 10);
    await romeo.groups.call('JoinGroup', { groupId: group.groupId, screenName: 'Romeo' });

    const got = await romeo.groups.call('GetGroup', { groupId: group.groupId });
    t.deepEqual(
      list<any>(got.member).map((m) => [m.screenName, m.role, m.address]),
      [
        ['julia', 'owner', 'julia@example.com'],
        ['Romeo', 'member', 'romeo@example.com'],
      ],
    );
    t.deepEqual(
      list<any>((await romeo.groups.call('ListMyGroups', {})).group).map((g) => g.groupId),
      [group.groupId],
    );

    // PP-39/41: members may not change properties; the owner may, and everyone hears (PP-36).
    t.is(await faultCode(romeo.groups.call('SetGroupProperties', { groupId: group.groupId, properties: { topic: 'mine' } })), 'POL5006');
    await romeo.inbox();
    const changed = await julia.groups.call('SetGroupProperties', { groupId: group.groupId, properties: { topic: 'the tomb' } });
    t.is(changed.group.topic, 'the tomb');
    const [notice] = await romeo.notices('groupProperties');
    t.is(attr(notice, 'topic'), 'the tomb');
    t.is(attr(notice, 'screenName'), 'julia');
  });

  test(`${stack}: InviteToGroup and AnswerInvitation; the inviter hears the answer; a private group is invisible to others`, async (t) => {
    const server = await start();
    t.teardown(() => server.stop());
    const { julia, romeo, maria } = await people(server, stack);
    const { group } = await julia.groups.call('CreateGroup', { name: 'Capulets' });
    t.is(group.access, 'closed');
    // Maria is not a member and holds no invitation: the group does not exist for her.
    t.is(await faultCode(maria.groups.call('GetGroup', { groupId: group.groupId })), 'SVC5001');
    t.is(await faultCode(maria.groups.call('GetGroup', { groupId: 'no-such-group' })), 'SVC5001');

    const invited = await julia.groups.call('InviteToGroup', {
      groupId: group.groupId,
      invitee: ['romeo@example.com', 'maria', 'nobody@example.com'],
    });
    t.deepEqual(
      list<any>(invited.result).map((r) => [r.address, r.status, r.errorCode]),
      [
        ['romeo@example.com', 'invited', undefined],
        ['maria@example.com', 'invited', undefined],
        ['nobody@example.com', 'failed', 'SVC2002'],
      ],
    );
    const [invitation] = await romeo.notices('groupInvitation');
    t.like(invitation, { status: 'pending', address: 'julia@example.com' });
    t.is(attr(invitation, 'groupId'), group.groupId);

    const accepted = await romeo.groups.call('AnswerInvitation', { groupId: group.groupId, accept: true, screenName: 'Romeo' });
    t.is(accepted.group.screenName, 'Romeo');
    await maria.groups.call('AnswerInvitation', { groupId: group.groupId, accept: false });
    t.is(await faultCode(maria.groups.call('AnswerInvitation', { groupId: group.groupId, accept: true })), 'SVC5005');

    const answers = await julia.notices('groupInvitationAnswer');
    t.deepEqual(
      answers.map((n) => [n.address, n.status]),
      [
        ['romeo@example.com', 'accepted'],
        ['maria@example.com', 'declined'],
      ],
    );
  });

  test(`${stack}: JoinGroup of a closed group is a request the admins decide with DecideJoinRequest`, async (t) => {
    const server = await start();
    t.teardown(() => server.stop());
    const { julia, romeo, maria } = await people(server, stack);
    const { group } = await julia.groups.call('CreateGroup', { name: 'Montagues', access: 'closed' });
    const asked = await romeo.groups.call('JoinGroup', { groupId: group.groupId, screenName: 'Romeo' });
    t.is(asked.status, 'requested');
    const [request] = await julia.notices('groupJoinRequest');
    t.is(attr(request, 'screenName'), 'Romeo');
    t.is((await julia.groups.call('DecideJoinRequest', { groupId: group.groupId, screenName: 'Romeo', approve: true })).status, 'joined');
    t.is((await romeo.notices('groupJoinResult'))[0]?.status, 'granted');

    await maria.groups.call('JoinGroup', { groupId: group.groupId, screenName: 'Maria' });
    t.is((await julia.groups.call('DecideJoinRequest', { groupId: group.groupId, screenName: 'Maria', approve: false })).status, 'refused');
    t.is((await maria.notices('groupJoinResult'))[0]?.status, 'refused');
    t.is(await faultCode(maria.groups.call('GetGroup', { groupId: group.groupId })), 'SVC5001');
  });

  test(`${stack}: SendGroupMessage reaches every other member with the group and the screen name; private messages; history, and history shown on join`, async (t) => {
    const server = await start();
    t.teardown(() => server.stop());
    const { julia, romeo, maria, id } = await verona(server, stack);

    const sent = await julia.say(id, 'Wherefore art thou?');
    t.is(Number(sent.recipients), 2);
    for (const reader of [romeo, maria]) {
      const [copy] = await groupMessages(reader);
      t.like(copy, { kind: 'message', sender: 'julia@example.com', text: 'Wherefore art thou?', messageId: sent.messageId });
      t.is(attr(copy!.notice, 'groupId'), id);
      t.is(attr(copy!.notice, 'screenName'), 'julia');
      t.is(attr(copy!.notice, 'groupSequence'), String(sent.groupSequence));
      t.is(copy!.notice!.status, 'group');
    }

    // PP-33/34: a private message reaches its addressee only, marked private; the property can forbid it.
    await romeo.say(id, 'only for you', { privateTo: 'julia' });
    const [whisper] = await groupMessages(julia);
    t.is(whisper!.notice!.status, 'private');
    t.deepEqual(await groupMessages(maria), []);
    await julia.groups.call('SetGroupProperties', { groupId: id, properties: { privateMessages: false } });
    t.is(await faultCode(romeo.say(id, 'again', { privateTo: 'julia' })), 'POL5008');

    // MU-7: history, oldest first, paged; Maria never sees the private message.
    const first = await maria.groups.call('GetGroupHistory', { groupId: id, order: 'oldestFirst', maxEntries: 2 });
    t.true(first.more);
    const rest = await maria.groups.call('GetGroupHistory', {
      groupId: id,
      order: 'oldestFirst',
      from: list<any>(first.entry).at(-1).groupSequence,
    });
    const all = [...list<any>(first.entry), ...list<any>(rest.entry)];
    t.deepEqual(
      all.map((e) => [e.kind, e.screenName, e.status ?? decode(e.content ?? '')]),
      [
        ['event', 'Romeo', 'joined'],
        ['event', 'Maria', 'joined'],
        ['message', 'julia', 'Wherefore art thou?'],
        ['event', 'julia', 'changed'],
      ],
    );
    const julias = await julia.groups.call('GetGroupHistory', { groupId: id, order: 'newestFirst', maxEntries: 2 });
    t.deepEqual(
      list<any>(julias.entry).map((e) => e.type ?? decode(e.content)),
      ['groupProperties', 'only for you'],
    );

    // PP2-45: a newcomer may ask to be shown the latest history on join, oldest first, its own join last.
    const nurse = (await groupUserOf(server, 'operator', stack)).groups;
    const joined = await nurse.call('JoinGroup', { groupId: id, screenName: 'Nurse', history: 3 });
    t.deepEqual(
      list<any>(joined.entry).map((e) => [e.kind, e.screenName, e.status ?? decode(e.content ?? '')]),
      [
        ['message', 'julia', 'Wherefore art thou?'],
        ['event', 'julia', 'changed'],
        ['event', 'Nurse', 'joined'],
      ],
    );
  });

  test(`${stack}: ModerateMember kicks, bans, unbans, mutes and grants admin; LeaveGroup hands ownership on`, async (t) => {
    const server = await start();
    t.teardown(() => server.stop());
    const { julia, romeo, maria, id } = await verona(server, stack);

    t.is(await faultCode(romeo.groups.call('ModerateMember', { groupId: id, screenName: 'Maria', action: 'kick' })), 'POL5006');
    t.is((await julia.groups.call('ModerateMember', { groupId: id, screenName: 'Romeo', action: 'grantAdmin' })).status, 'admin');
    t.is((await romeo.groups.call('ModerateMember', { groupId: id, screenName: 'Maria', action: 'mute' })).status, 'muted');
    t.is(await faultCode(maria.say(id, 'hello?')), 'POL5010');
    await romeo.groups.call('ModerateMember', { groupId: id, screenName: 'Maria', action: 'unmute' });
    await maria.say(id, 'hello!');

    await maria.inbox();
    t.is(
      (await romeo.groups.call('ModerateMember', { groupId: id, screenName: 'Maria', action: 'kick', reason: 'spoilers' })).status,
      'kicked',
    );
    const [kicked] = await maria.notices('groupMember');
    t.like(kicked, { status: 'kicked' });
    t.is(attr(kicked, 'reason'), 'spoilers');
    await maria.groups.call('JoinGroup', { groupId: id, screenName: 'Maria' });
    t.is((await romeo.groups.call('ModerateMember', { groupId: id, screenName: 'Maria', action: 'ban' })).status, 'banned');
    t.is(await faultCode(maria.groups.call('JoinGroup', { groupId: id, screenName: 'Maria2' })), 'POL5007');
    const reinvite = await julia.groups.call('InviteToGroup', { groupId: id, invitee: ['maria'] });
    t.is(list<any>(reinvite.result)[0].errorCode, 'POL5007');
    t.is((await romeo.groups.call('ModerateMember', { groupId: id, screenName: 'Maria', action: 'unban' })).status, 'unbanned');
    await maria.groups.call('JoinGroup', { groupId: id, screenName: 'Maria' });

    t.is(await faultCode(romeo.groups.call('ModerateMember', { groupId: id, screenName: 'julia', action: 'kick' })), 'SVC5009');
    await romeo.inbox();
    t.true((await julia.groups.call('LeaveGroup', { groupId: id })).left);
    const events = await romeo.notices('groupMember');
    t.deepEqual(
      events.map((n) => [attr(n, 'screenName'), n.status]),
      [
        ['julia', 'left'],
        ['Romeo', 'owner'],
      ],
    );
  });

  test(`${stack}: SetTyping and SetMemberOptions: a coalesced typing notice; the opt-out holds both ways`, async (t) => {
    const server = await start();
    t.teardown(() => server.stop());
    const { julia, romeo, maria, id } = await verona(server, stack);

    // Three signals while Romeo has not read: one notice, showing the latest state.
    await julia.groups.call('SetTyping', { groupId: id, composing: true });
    await julia.groups.call('SetTyping', { groupId: id, composing: false });
    await julia.groups.call('SetTyping', { groupId: id, composing: true });
    const typing = await romeo.notices('groupTyping');
    t.deepEqual(
      typing.map((n) => [attr(n, 'screenName'), n.status]),
      [['julia', 'composing']],
    );

    t.is((await maria.notices('groupTyping')).length, 1);
    // Maria opts out: from then on she receives none, and hers are not sent.
    const options = await maria.groups.call('SetMemberOptions', { groupId: id, typingNotices: false, screenName: 'Mariella' });
    t.like(options.member, { screenName: 'Mariella', typingNotices: false });
    await julia.groups.call('SetTyping', { groupId: id, composing: true });
    t.deepEqual(await maria.notices('groupTyping'), []);
    t.false((await maria.groups.call('SetTyping', { groupId: id, composing: true })).sent);
    t.deepEqual(
      (await julia.notices('groupTyping')).map((n) => attr(n, 'screenName')),
      [],
    );
  });

  test(`${stack}: public rooms: ListRooms, screen names only, CloseGroup and SetPublicChat are the operator's`, async (t) => {
    const server = await start();
    t.teardown(() => server.stop());
    const { julia, romeo } = await people(server, stack);
    const op = (await groupUserOf(server, 'operator', stack)).groups;

    t.is(await faultCode(julia.groups.call('CreateGroup', { name: 'Lobby', visibility: 'public' })), 'POL1005');
    const { group } = await op.call('CreateGroup', {
      name: 'Chess lobby',
      visibility: 'public',
      properties: { topic: 'openings and endgames' },
    });
    t.like(group, { visibility: 'public', access: 'open', createdByOperator: true });
    await op.call('CreateGroup', { name: 'Go lobby', visibility: 'public' });
    const found = await julia.groups.call('ListRooms', { query: 'ENDGAME' });
    t.deepEqual(
      list<any>(found.room).map((r) => r.name),
      ['Chess lobby'],
    );
    t.is(Number((await julia.groups.call('ListRooms', {})).total), 2);

    t.is(await faultCode(julia.groups.call('JoinGroup', { groupId: group.groupId })), 'SVC0002');
    await julia.groups.call('JoinGroup', { groupId: group.groupId, screenName: 'QueenBee' });
    await romeo.groups.call('JoinGroup', { groupId: group.groupId, screenName: 'Knight' });
    await julia.say(group.groupId, 'e4');
    const [copy] = await groupMessages(romeo);
    t.is(copy!.sender, undefined, 'no address in a public room');
    t.is(copy!.notice!.address, undefined);
    t.is(attr(copy!.notice, 'screenName'), 'QueenBee');
    const members = list<any>((await romeo.groups.call('GetGroup', { groupId: group.groupId })).member);
    t.deepEqual(
      members.map((m) => [m.screenName, m.address]),
      [
        ['QueenBee', undefined],
        ['Knight', undefined],
      ],
    );

    t.is(await faultCode(julia.groups.call('SetPublicChat', { enabled: false })), 'POL1005');
    t.false((await op.call('SetPublicChat', { enabled: false })).enabled);
    t.is(await faultCode(julia.groups.call('ListRooms', {})), 'POL5009');
    t.is(await faultCode(julia.say(group.groupId, 'e5')), 'POL5009');
    await op.call('SetPublicChat', { enabled: true });
    await julia.say(group.groupId, 'e5');

    t.true((await op.call('CloseGroup', { groupId: group.groupId })).closed);
    const closed = await romeo.notices('groupClosed');
    t.is(closed[0]?.reason, 'closed by the operator');
    t.is(await faultCode(julia.say(group.groupId, 'Nf3')), 'SVC5001');
  });

  test(`${stack}: ExtendGroup moves a temporary group's end; a permanent group cannot be extended`, async (t) => {
    const server = await start();
    t.teardown(() => server.stop());
    const { julia } = await people(server, stack);
    const { group } = await julia.groups.call('CreateGroup', { name: 'Zombie concert', durationSeconds: 3 * 3600 });
    t.true(group.temporary);
    const before = Date.parse(group.expiresAt);
    const extended = await julia.groups.call('ExtendGroup', { groupId: group.groupId, durationSeconds: 3600 });
    t.is(Date.parse(extended.group.expiresAt) - before, 3600 * 1000);
    const permanent = await julia.groups.call('CreateGroup', { name: 'Forever' });
    t.is(await faultCode(julia.groups.call('ExtendGroup', { groupId: permanent.group.groupId, durationSeconds: 60 })), 'SVC5008');
    t.is(await faultCode(julia.groups.call('CreateGroup', { name: 'Blink', durationSeconds: 5 })), 'POL5011');
  });
}

test('a group message copy names group:<id> as its only recipient, whatever the number of members', async (t) => {
  const server = await start();
  t.teardown(() => server.stop());
  const { julia, romeo, id } = await verona(server, 'node-soap');
  await julia.groups.call('SendGroupMessage', { groupId: id, content: text('hi') });
  const batch = await romeo.im.call('GetMessages', {});
  const copy = list<any>(batch.message).find((m) => m.kind === 'message');
  t.deepEqual(list(copy.recipient), [`group:${id}`]);
});
