// The account policy in groups, through the hooks the groups module offers and the accounts capability fills:
// minors' protection at the door of public rooms (5.17), and the profile alias as the default screen name
// (PP-43).
import test from 'ava';
import { password, startTestGateway } from '../helpers/gateway.js';
import { accountsOf } from '../accounts/accounts-clients.js';
import { faultCode, groupUserOf } from './group-user.js';

const operator = { address: 'operator@example.com', password: password('operator@example.com'), role: 'admin' as const };
const start = (settings: Record<string, string> = {}) => startTestGateway({ accounts: ['kid', 'romeo', 'julia', operator], settings });
const profileOf = (gateway: Parameters<typeof accountsOf>[0], name: string) =>
  accountsOf(gateway, `${name}@example.com`, password(`${name}@example.com`));

/** A lobby the operator publishes (5.17). */
async function lobby(gateway: Awaited<ReturnType<typeof start>>): Promise<string> {
  const op = await groupUserOf(gateway, 'operator');
  return (await op.groups.call('CreateGroup', { name: 'Lobby', visibility: 'public' })).group.groupId;
}

test('a minor (birth year under the minor age) is kept out of public rooms with POL5012, and an adult is not', async (t) => {
  const gateway = await start();
  t.teardown(() => gateway.stop());
  const roomId = await lobby(gateway);
  await (await profileOf(gateway, 'kid')).call('SetProfile', { profile: { birthYear: { value: '2014' } } });
  const kid = await groupUserOf(gateway, 'kid');
  t.is(await faultCode(kid.groups.call('JoinGroup', { groupId: roomId, screenName: 'Skater' })), 'POL5012');
  const romeo = await groupUserOf(gateway, 'romeo');
  t.is((await romeo.groups.call('JoinGroup', { groupId: roomId, screenName: 'Romeo' })).status, 'joined');
  // Private groups are their members' business: the policy does not reach them.
  const { group } = await romeo.groups.call('CreateGroup', { name: 'Family', access: 'open' });
  t.is((await kid.groups.call('JoinGroup', { groupId: group.groupId, screenName: 'Kid' })).status, 'joined');
});

test('with --minors-in-public-rooms allow, a minor joins a public room', async (t) => {
  const gateway = await start({ 'minors-in-public-rooms': 'allow' });
  t.teardown(() => gateway.stop());
  const roomId = await lobby(gateway);
  await (await profileOf(gateway, 'kid')).call('SetProfile', { profile: { birthYear: { value: '2014' } } });
  const kid = await groupUserOf(gateway, 'kid');
  t.is((await kid.groups.call('JoinGroup', { groupId: roomId, screenName: 'Skater' })).status, 'joined');
});

test('without a screen name, a member goes by their alias, else the public display name of their profile; never a private one in a room', async (t) => {
  const gateway = await start();
  t.teardown(() => gateway.stop());
  const roomId = await lobby(gateway);
  await (await profileOf(gateway, 'romeo')).call('SetProfile', { profile: { displayName: { value: 'Montague', visibility: 'public' } } });
  await (await profileOf(gateway, 'julia')).call('SetProfile', { profile: { displayName: { value: 'Capulet', visibility: 'contacts' } } });
  const romeo = await groupUserOf(gateway, 'romeo');
  const julia = await groupUserOf(gateway, 'julia');

  // A public room: Romeo's public alias; Julia's alias is not public, so the room asks her for a name.
  t.like(await romeo.groups.call('JoinGroup', { groupId: roomId }), { status: 'joined', group: { screenName: 'Montague' } });
  t.is(await faultCode(julia.groups.call('JoinGroup', { groupId: roomId })), 'SVC0002');

  // An alias (an address standing in for the real one) comes first: Kid goes by it, in a room too.
  const kid = await groupUserOf(gateway, 'kid');
  await (await profileOf(gateway, 'kid')).call('AddAlias', { alias: 'skater@example.com' });
  t.like(await kid.groups.call('JoinGroup', { groupId: roomId }), { group: { screenName: 'skater' } });

  // A private group: Romeo's display name again; Julia falls back to her address's local part.
  const { group } = await julia.groups.call('CreateGroup', { name: 'Verona', access: 'open' });
  t.is(group.screenName, 'julia');
  t.like(await romeo.groups.call('JoinGroup', { groupId: group.groupId }), { group: { screenName: 'Montague' } });
});

for (const stack of ['node-soap', 'strong-soap'] as const) {
  test(`${stack}: BanEverywhere removes a rogue user from every public room and bars it until UnbanEverywhere; admins only`, async (t) => {
    const gateway = await start();
    t.teardown(() => gateway.stop());
    const op = await groupUserOf(gateway, 'operator', stack);
    const rooms: string[] = [];
    for (const name of ['Lobby', 'Arena']) rooms.push((await op.groups.call('CreateGroup', { name, visibility: 'public' })).group.groupId);
    const [rogue, julia] = await Promise.all([groupUserOf(gateway, 'romeo', stack), groupUserOf(gateway, 'julia', stack)]);
    for (const id of rooms) {
      await rogue.groups.call('JoinGroup', { groupId: id, screenName: 'Troll' });
      await julia.groups.call('JoinGroup', { groupId: id, screenName: 'Juliet' });
    }
    const family = (await rogue.groups.call('CreateGroup', { name: 'Family', access: 'open' })).group.groupId;
    await julia.inbox();

    t.is(await faultCode(julia.groups.call('BanEverywhere', { user: 'romeo@example.com' })), 'POL1005');
    t.like(await op.groups.call('BanEverywhere', { user: 'romeo@example.com', reason: 'spam' }), {
      user: 'romeo@example.com',
      roomsLeft: 2,
    });
    // Each room heard the ban, with the screen name only (no address in a public room).
    const bans = await julia.notices('groupMember');
    t.deepEqual(
      bans.map((n) => [n.status, n.attributes.screenName?.[0], n.attributes.reason?.[0], n.address]),
      [
        ['banned', 'Troll', 'spam', undefined],
        ['banned', 'Troll', 'spam', undefined],
      ],
    );
    // Barred from those rooms and from a room opened later; invitations too. Private groups are untouched.
    const later = (await op.groups.call('CreateGroup', { name: 'Later', visibility: 'public' })).group.groupId;
    for (const id of [...rooms, later])
      t.is(await faultCode(rogue.groups.call('JoinGroup', { groupId: id, screenName: 'Troll2' })), 'POL5013');
    t.is((await julia.groups.call('JoinGroup', { groupId: family, screenName: 'Jules' })).status, 'joined');

    t.like(await op.groups.call('UnbanEverywhere', { user: 'romeo@example.com' }), { user: 'romeo@example.com' });
    t.is(await faultCode(op.groups.call('UnbanEverywhere', { user: 'romeo@example.com' })), 'SVC5012');
    t.is((await rogue.groups.call('JoinGroup', { groupId: later, screenName: 'Romeo' })).status, 'joined');
  });
}
