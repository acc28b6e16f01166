// The groups module's SQL on every storage backend (better-sqlite3, sqlite3, PostgreSQL; PostgreSQL skipped
// visibly where it is not reachable): the group's order, membership, bans, the room search (LIKE with escaped
// wildcards), history paging, coalesced typing (joined to the inbox's tables), a conversation turned into a
// group, and the sweep that ends an idle temporary group and purges history.
import test from 'ava';
import { list, text } from '../helpers/clients.js';
import { backends, postgresAvailable } from '../helpers/backends.js';
import { password, startTestGateway } from '../helpers/gateway.js';
import { attr, faultCode, groupUserOf } from './group-user.js';

const pgUp = postgresAvailable();

for (const backend of backends) {
  test(`${backend.name}: groups end to end`, async (t) => {
    if (backend.name === 'pg' && !(await pgUp)) {
      t.log('PostgreSQL is not reachable on 127.0.0.1:5432: skipped');
      t.false(await pgUp);
      return;
    }
    const database = await backend.create();
    let now = Date.now();
    const server = await startTestGateway({
      accounts: ['ann', 'ben', 'cat', { address: 'op@example.com', password: password('op@example.com'), role: 'admin' }],
      clock: () => now,
      settings: {
        ...database.settings,
        'created-window-seconds': 86_400,
        'sweep-interval-ms': 20,
        'group-idle-seconds': 60,
        'group-history-seconds': 3600,
      },
    });
    t.teardown(async () => {
      await server.stop();
      await database.drop();
    });
    const [ann, ben, cat, op] = await Promise.all(['ann', 'ben', 'cat', 'op'].map((n) => groupUserOf(server, n)));

    const { group } = await ann!.groups.call('CreateGroup', { name: 'Trip', access: 'open', durationSeconds: 600 });
    const id = group.groupId;
    await ben!.groups.call('JoinGroup', { groupId: id, screenName: 'Ben' });
    await cat!.groups.call('JoinGroup', { groupId: id, screenName: 'Cat' });
    await Promise.all([ann, ben, cat].map((u) => u!.inbox()));
    await Promise.all([ann!.say(id, 'one'), ben!.say(id, 'two'), ann!.say(id, 'three')]);
    const seqs = (await cat!.inbox()).filter((i) => i.notice?.type === 'groupMessage').map((i) => Number(attr(i.notice, 'groupSequence')));
    t.deepEqual(
      seqs,
      [...seqs].sort((a, b) => a - b),
    );
    t.is(seqs.length, 3);

    await ann!.groups.call('SetTyping', { groupId: id, composing: true });
    await ann!.groups.call('SetTyping', { groupId: id, composing: false });
    t.deepEqual(
      (await ben!.notices('groupTyping')).map((n) => n.status),
      ['idle'],
    );

    await ann!.groups.call('ModerateMember', { groupId: id, screenName: 'Cat', action: 'ban' });
    t.is(await faultCode(cat!.groups.call('JoinGroup', { groupId: id, screenName: 'Kat' })), 'POL5007');
    await ann!.groups.call('ModerateMember', { groupId: id, screenName: 'Cat', action: 'unban' });

    const page = await ben!.groups.call('GetGroupHistory', { groupId: id, order: 'newestFirst', maxEntries: 2 });
    t.true(page.more);
    t.is(list(page.entry).length, 2);

    await op!.groups.call('CreateGroup', { name: '100% fun_room', visibility: 'public' });
    await op!.groups.call('CreateGroup', { name: '100 percent', visibility: 'public' });
    t.deepEqual(
      list<any>((await ben!.groups.call('ListRooms', { query: '100%' })).room).map((r) => r.name),
      ['100% fun_room'],
    );

    await ben!.im.call('SendMessages', { message: [{ recipient: ['cat@example.com'], content: text('hi cat') }] });
    const converted = await ben!.groups.call('ConvertConversation', { peer: 'cat', invitee: ['ann'] });
    t.is(Number(converted.group.memberCount), 2);

    // Past its duration and idle: the sweep closes the temporary group and tells its members.
    now += 700_000;
    // (The injected clock stands still, so each long poll returns on a wake-up: poll only until the notice came.)
    let closed = false;
    for (let poll = 0; poll < 3 && !closed; poll++) closed = (await ben!.notices(undefined, 10)).some((n) => n.type === 'groupClosed');
    t.true(closed);
    t.is(await faultCode(ben!.say(id, 'anyone?')), 'SVC5001');
  });
}
