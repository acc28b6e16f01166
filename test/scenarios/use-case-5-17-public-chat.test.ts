// Seed use case 5.17 "Public Chat": the operator publishes a room; User A finds it in the directory and joins
// under a screen name; nobody learns anybody's address. The screen name A wants is taken: the server suggests
// free ones and A takes one. A rogue user is muted, kicked and banned; and the operator switches public chat
// off for the whole server (5.17: "MUST be possible to switch off"), then on again.
import test from 'ava';
import { list } from '../helpers/clients.js';
import { password, startTestGateway } from '../helpers/gateway.js';
import { attr, faultCode, faultVariables, type GroupUser, groupUserOf } from '../groups/group-user.js';

const heard = async (user: GroupUser) =>
  (await user.inbox()).filter((i) => i.notice?.type === 'groupMessage').map((i) => `${attr(i.notice, 'screenName')}: ${i.text}`);

test('use case 5.17: public chat with screen names, a taken name and its suggestions, a rogue user, the switch-off', async (t) => {
  const server = await startTestGateway({
    accounts: ['usera', 'lena', 'rogue', { address: 'operator@example.com', password: password('operator@example.com'), role: 'admin' }],
  });
  t.teardown(() => server.stop());
  const [a, lena, rogue, operator] = await Promise.all(
    ['usera', 'lena', 'rogue', 'operator'].map((n) => groupUserOf(server, n, n === 'lena' ? 'strong-soap' : 'node-soap')),
  );

  // The operator publishes the room to the directory.
  const { group } = await operator!.groups.call('CreateGroup', {
    name: 'Football talk',
    visibility: 'public',
    properties: { topic: 'Saturday matches' },
  });
  const id = group.groupId;
  await lena!.groups.call('JoinGroup', { groupId: id, screenName: 'Striker' });
  await rogue!.groups.call('JoinGroup', { groupId: id, screenName: 'Hooligan' });

  // User A navigates to the public chat: finds the room by its topic.
  const rooms = list<any>((await a!.groups.call('ListRooms', { query: 'saturday' })).room);
  t.deepEqual(
    rooms.map((r) => [r.name, Number(r.memberCount)]),
    [['Football talk', 2]],
  );
  // 5.17.5.2: "Striker" is taken; the server returns suggestions; A picks one.
  t.is(await faultCode(a!.groups.call('JoinGroup', { groupId: id, screenName: 'Striker' })), 'SVC5002');
  const [, , ...suggestions] = await faultVariables(a!.groups.call('JoinGroup', { groupId: id, screenName: 'Striker' }));
  t.true(suggestions.length > 0);
  const joined = await a!.groups.call('JoinGroup', { groupId: id, screenName: suggestions[0] });
  t.is(joined.group.screenName, suggestions[0]);
  await Promise.all([a!.inbox(), lena!.inbox()]);

  // All messages are shown to all users, under screen names only: anonymity.
  await lena!.say(id, 'Who wins on Saturday?');
  await a!.say(id, 'The home side');
  t.deepEqual(await heard(a!), ['Striker: Who wins on Saturday?']);
  const lenaInbox = await lena!.inbox();
  const copy = lenaInbox.find((i) => i.notice?.type === 'groupMessage');
  t.is(copy?.sender, undefined);
  t.is(copy?.notice?.address, undefined);
  t.is(attr(copy?.notice, 'screenName'), suggestions[0]);
  t.false(JSON.stringify(lenaInbox).includes('usera@'), 'no address of user A anywhere in Lena’s inbox');
  t.false(JSON.stringify(await lena!.groups.call('GetGroup', { groupId: id })).includes('@example.com'));

  // A rogue user: muted by the operator, still rude when unmuted, then kicked, then banned on his return.
  await rogue!.say(id, 'rubbish!!!');
  await operator!.groups.call('ModerateMember', { groupId: id, screenName: 'Hooligan', action: 'mute' });
  t.is(await faultCode(rogue!.say(id, 'more rubbish')), 'POL5010');
  await operator!.groups.call('ModerateMember', { groupId: id, screenName: 'Hooligan', action: 'kick', reason: 'abuse' });
  t.is(await faultCode(rogue!.say(id, 'let me in')), 'SVC5003');
  await rogue!.groups.call('JoinGroup', { groupId: id, screenName: 'Hooligan2' });
  await operator!.groups.call('ModerateMember', { groupId: id, screenName: 'Hooligan2', action: 'ban', reason: 'abuse' });
  t.is(await faultCode(rogue!.groups.call('JoinGroup', { groupId: id, screenName: 'Angel' })), 'POL5007');
  const events = (await a!.notices('groupMember')).map((n) => [attr(n, 'screenName'), n.status]);
  t.deepEqual(events, [
    ['Hooligan', 'muted'],
    ['Hooligan', 'kicked'],
    ['Hooligan2', 'joined'],
    ['Hooligan2', 'banned'],
  ]);

  // The operator's kill switch: public chat off for the whole server, then on again.
  await operator!.groups.call('SetPublicChat', { enabled: false });
  t.is(await faultCode(a!.groups.call('ListRooms', {})), 'POL5009');
  t.is(await faultCode(a!.say(id, 'hello?')), 'POL5009');
  t.is(await faultCode(lena!.groups.call('JoinGroup', { groupId: id, screenName: 'Other' })), 'POL5009');
  await operator!.groups.call('SetPublicChat', { enabled: true });
  await a!.say(id, 'back again');
  t.deepEqual(await heard(lena!), ['Hooligan: rubbish!!!', `${suggestions[0]}: back again`]);
});
