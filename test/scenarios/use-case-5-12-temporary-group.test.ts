// Seed use case 5.12 "Temporary Group": three hours before the Zombies play, Mary creates the temporary group
// "Zombie Concert" for 3 hours; her groups show it. She invites Tina, who says "Hello", and Ian, who says
// "Hello Everyone". Three hours on they are still chatting, so the group stays (they were told it would end
// soon); later all three leave and the group is gone from Mary's groups. And the other ending: a temporary
// group idle past its duration is deleted by the server, leaving a tombstone. The clock is injected.
import test from 'ava';
import { list } from '../helpers/clients.js';
import { until } from '../helpers/federation.js';
import { startTestGateway } from '../helpers/gateway.js';
import { attr, faultCode, groupUserOf } from '../groups/group-user.js';

const hours = (n: number) => n * 3600;

async function zombieConcert() {
  let now = Date.now();
  const server = await startTestGateway({
    accounts: ['mary', 'tina', 'ian'],
    clock: () => now,
    settings: {
      // The injected clock moves past real time; WS-Security's Created check must still accept requests.
      'created-window-seconds': 86_400,
      'sweep-interval-ms': 20,
      'group-idle-seconds': 1800,
      'group-expiring-notice-seconds': 600,
      'presence-idle-seconds': 86_400,
    },
  });
  const [mary, tina, ian] = await Promise.all(['mary', 'tina', 'ian'].map((n) => groupUserOf(server, n)));
  // 1-3) Mary creates the temporary group; her groups list it, marked temporary.
  const { group } = await mary!.groups.call('CreateGroup', { name: 'Zombie Concert', durationSeconds: hours(3), screenName: 'Mary' });
  const mine = list<any>((await mary!.groups.call('ListMyGroups', {})).group);
  return { server, mary: mary!, tina: tina!, ian: ian!, group, mine, advance: (seconds: number) => (now += seconds * 1000) };
}

test('use case 5.12: the Zombie Concert group outlives its 3 hours while they chat, and is gone once they leave', async (t) => {
  const { server, mary, tina, ian, group, mine, advance } = await zombieConcert();
  t.teardown(() => server.stop());
  t.deepEqual(
    mine.map((g) => [g.name, g.temporary]),
    [['Zombie Concert', true]],
  );
  const id = group.groupId;

  // 4-5) Tina and Ian are invited, accept and greet the group.
  await mary.groups.call('InviteToGroup', { groupId: id, invitee: ['tina', 'ian'] });
  await tina.groups.call('AnswerInvitation', { groupId: id, accept: true, screenName: 'Tina' });
  await tina.say(id, 'Hello');
  await ian.groups.call('AnswerInvitation', { groupId: id, accept: true, screenName: 'Ian' });
  await ian.say(id, 'Hello Everyone');

  // They chat through the evening; 10 minutes before the end each hears the group will end.
  advance(hours(3) - 300);
  await tina.say(id, 'The Zombies are on!');
  // The sweeper finds the group on one of its next passes: read Mary's inbox until the notice is there (her
  // first read may come back at once with the join notices and messages that were already waiting).
  const expiring = await until(async () => (await mary.notices('groupExpiring', 2))[0], "the expiring notice in Mary's inbox");
  t.is(attr(expiring, 'groupName'), 'Zombie Concert');

  // 6) Three hours after creation they are still chatting: the server keeps the group.
  advance(600);
  await ian.say(id, 'Encore!');
  advance(60);
  await mary.say(id, 'Best concert ever');
  t.deepEqual(
    list<any>((await mary.groups.call('ListMyGroups', {})).group).map((g) => g.name),
    ['Zombie Concert'],
  );

  // 7-8) Ian, Tina and Mary leave: the session has ended past the expiry, the group is deleted.
  await ian.groups.call('LeaveGroup', { groupId: id });
  await tina.groups.call('LeaveGroup', { groupId: id });
  await mary.groups.call('LeaveGroup', { groupId: id });
  t.deepEqual(list((await mary.groups.call('ListMyGroups', {})).group), []);
  t.is(await faultCode(mary.groups.call('GetGroup', { groupId: id })), 'SVC5001');
});

test('use case 5.12: a temporary group idle past its duration is closed by the server; its members are told', async (t) => {
  const { server, mary, tina, group, advance } = await zombieConcert();
  t.teardown(() => server.stop());
  await mary.groups.call('InviteToGroup', { groupId: group.groupId, invitee: ['tina'] });
  await tina.groups.call('AnswerInvitation', { groupId: group.groupId, accept: true, screenName: 'Tina' });
  await tina.inbox();

  // Nobody says a word after the concert: past the duration and idle, the group ends.
  advance(hours(3) + 1800 + 1);
  const closed = await tina.notices('groupClosed', 10);
  const notice = closed.length > 0 ? closed : await tina.notices('groupClosed', 10);
  t.is(notice[0]?.reason, 'its time ran out');
  t.deepEqual(list((await mary.groups.call('ListMyGroups', {})).group), []);
  // The tombstone keeps the id: nothing can be done with it any more.
  t.is(await faultCode(tina.say(group.groupId, 'anyone?')), 'SVC5001');
});
