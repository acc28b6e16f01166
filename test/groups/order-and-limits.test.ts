// The group's one order (PP-29), removal in the same transaction as sends, screen names with suggestions
// (PP-43), and the configured limits, each with its POL code.
import test from 'ava';
import { list, text } from '../helpers/clients.js';
import { startTestGateway } from '../helpers/gateway.js';
import { attr, faultCode, faultVariables, type GroupUser, groupUserOf } from './group-user.js';

const sequencesOf = async (user: GroupUser) =>
  (await user.inbox()).filter((i) => i.notice?.type === 'groupMessage').map((i) => Number(attr(i.notice, 'groupSequence')));

test('concurrent senders: every member receives the group messages in one and the same order', async (t) => {
  const server = await startTestGateway({ accounts: ['ann', 'ben', 'cat', 'dan'] });
  t.teardown(() => server.stop());
  const [ann, ben, cat, dan] = await Promise.all(['ann', 'ben', 'cat', 'dan'].map((n) => groupUserOf(server, n)));
  const { group } = await ann!.groups.call('CreateGroup', { name: 'Relay', access: 'open' });
  for (const [u, name] of [
    [ben!, 'Ben'],
    [cat!, 'Cat'],
    [dan!, 'Dan'],
  ] as const)
    await u.groups.call('JoinGroup', { groupId: group.groupId, screenName: name });
  await Promise.all([ann, ben, cat, dan].map((u) => u!.inbox()));

  const sends = [];
  for (let i = 0; i < 10; i++) for (const u of [ann!, ben!, cat!]) sends.push(u.say(group.groupId, `${u.address} ${i}`));
  await Promise.all(sends);

  const seen = await sequencesOf(dan!);
  t.is(seen.length, 30);
  t.deepEqual(
    seen,
    [...seen].sort((a, b) => a - b),
    'Dan reads them in the group order',
  );
  // Each sender sees the others' messages in the same relative order as Dan.
  for (const u of [ann!, ben!, cat!]) {
    const mine = await sequencesOf(u);
    t.deepEqual(
      mine,
      seen.filter((s) => mine.includes(s)),
    );
  }
});

test('a member removed while messages are being sent receives nothing numbered after the removal', async (t) => {
  const server = await startTestGateway({ accounts: ['ann', 'ben', 'cat'] });
  t.teardown(() => server.stop());
  const [ann, ben, cat] = await Promise.all(['ann', 'ben', 'cat'].map((n) => groupUserOf(server, n)));
  const { group } = await ann!.groups.call('CreateGroup', { name: 'Moderated', access: 'open' });
  await ben!.groups.call('JoinGroup', { groupId: group.groupId, screenName: 'Ben' });
  await cat!.groups.call('JoinGroup', { groupId: group.groupId, screenName: 'Cat' });
  await cat!.inbox();

  const sends = Array.from({ length: 20 }, (_, i) => ben!.say(group.groupId, `line ${i}`).catch(() => undefined));
  const kick = ann!.groups.call('ModerateMember', { groupId: group.groupId, screenName: 'Cat', action: 'kick' });
  await Promise.all([...sends, kick]);

  const items = await cat!.inbox();
  const kicked = items.find((i) => i.notice?.type === 'groupMember' && i.notice.status === 'kicked');
  const kickedAt = Number(attr(kicked?.notice, 'groupSequence'));
  t.true(kickedAt > 0);
  const received = items.filter((i) => i.notice?.type === 'groupMessage').map((i) => Number(attr(i.notice, 'groupSequence')));
  t.true(
    received.every((s) => s < kickedAt),
    `received ${received.join(',')} with the kick at ${kickedAt}`,
  );
  const history = await ann!.groups.call('GetGroupHistory', { groupId: group.groupId, order: 'oldestFirst' });
  const after = list<any>(history.entry).filter((e) => e.kind === 'message' && Number(e.groupSequence) > kickedAt);
  t.is(received.length + after.length, 20, 'every message went either to Cat before the kick or after it without her');
});

test('a taken screen name is refused with free suggestions derived from it, which work', async (t) => {
  const server = await startTestGateway({ accounts: ['ann', 'ben'] });
  t.teardown(() => server.stop());
  const [ann, ben] = await Promise.all(['ann', 'ben'].map((n) => groupUserOf(server, n)));
  const { group } = await ann!.groups.call('CreateGroup', { name: 'Names', access: 'open', screenName: 'Shadow' });
  const join = (screenName: string) => ben!.groups.call('JoinGroup', { groupId: group.groupId, screenName });
  t.is(await faultCode(join('shadow')), 'SVC5002');
  const [name, joined, ...suggestions] = await faultVariables(join('SHADOW'));
  t.is(name, 'SHADOW');
  t.is(suggestions.length, 3);
  t.is(joined, suggestions.join(', '));
  t.true(suggestions.every((s) => s.toLowerCase().startsWith('shadow')));
  t.is((await join(suggestions[0]!)).status, 'joined');
});

test('screen names: length and characters are checked (POL5004)', async (t) => {
  const server = await startTestGateway({ accounts: ['ann'], settings: { 'screen-name-chars': 8 } });
  t.teardown(() => server.stop());
  const ann = await groupUserOf(server, 'ann');
  const create = (screenName: string) => ann.groups.call('CreateGroup', { name: 'x', screenName });
  for (const bad of ['NineChars', 'a@b.c', 'two  spaces', ' lead', 'tab\there', 'rtl\u202eevil', 'dot.'])
    t.is(await faultCode(create(bad)), 'POL5004', bad);
  t.like((await create('Zoë 2')).group, { screenName: 'Zoë 2' });
});

test('limits: members per group, groups per user, groups created, message interval', async (t) => {
  const server = await startTestGateway({
    accounts: ['ann', 'ben', 'cat'],
    settings: { 'group-members': 2, 'groups-per-user': 2, 'groups-created-per-user': 2, 'group-message-interval-ms': 3_600_000 },
  });
  t.teardown(() => server.stop());
  const [ann, ben, cat] = await Promise.all(['ann', 'ben', 'cat'].map((n) => groupUserOf(server, n)));
  const { group } = await ann!.groups.call('CreateGroup', { name: 'Two', access: 'open' });
  await ben!.groups.call('JoinGroup', { groupId: group.groupId, screenName: 'Ben' });
  t.is(await faultCode(cat!.groups.call('JoinGroup', { groupId: group.groupId, screenName: 'Cat' })), 'POL5001');

  await ann!.groups.call('CreateGroup', { name: 'Second' });
  t.is(await faultCode(ann!.groups.call('CreateGroup', { name: 'Third' })), 'POL5003');
  const other = await cat!.groups.call('CreateGroup', { name: 'Cat one', access: 'open' });
  t.is(await faultCode(ann!.groups.call('JoinGroup', { groupId: other.group.groupId, screenName: 'Ann' })), 'POL5002');

  await ann!.say(group.groupId, 'first');
  t.is(await faultCode(ann!.say(group.groupId, 'too soon')), 'POL5005');
});

test('hostile values are refused with a fault and write nothing', async (t) => {
  const server = await startTestGateway({ accounts: ['ann'], settings: { 'content-bytes': 1024 } });
  t.teardown(() => server.stop());
  const ann = await groupUserOf(server, 'ann');
  t.is(await faultCode(ann.groups.call('CreateGroup', { name: 'x'.repeat(300) })), 'SVC0002');
  t.is(await faultCode(ann.groups.call('CreateGroup', { name: 'delete\u007f' })), 'SVC0002');
  t.is(await faultCode(ann.groups.call('CreateGroup', { name: '   ' })), 'SVC0002');
  t.is(await faultCode(ann.groups.call('CreateGroup', { name: 'big', properties: { maxMembers: 1_000_000 } })), 'POL5001');
  t.deepEqual(list((await ann.groups.call('ListMyGroups', {})).group), []);
  const { group } = await ann.groups.call('CreateGroup', { name: 'ok' });
  t.is(await faultCode(ann.groups.call('SendGroupMessage', { groupId: group.groupId, content: text('y'.repeat(1100)) })), 'POL1002');
  t.is(await faultCode(ann.groups.call('ListRooms', { query: 'q'.repeat(300) })), 'SVC0002');
  t.is(await faultCode(ann.groups.call('GetGroupHistory', { groupId: group.groupId, maxEntries: 0 })), 'SVC0002');
  t.is(await faultCode(ann.groups.call('ModerateMember', { groupId: group.groupId, screenName: 'x', action: 'destroy' })), 'SVC0002');
  const history = await ann.groups.call('GetGroupHistory', { groupId: group.groupId });
  t.deepEqual(list(history.entry), []);
});
