// Contacts added by alias (docs/accounts.md): the entry keeps the resolved account, so authorization and
// `list:` sends follow the user when the alias is retired or replaced; the owner sees the alias (and a
// nickname from it), never the real address. A sender who sent as an alias is added by that alias.
import test from 'ava';
import { list, text } from '../helpers/clients.js';
import { password, startTestGateway } from '../helpers/gateway.js';
import { userOf } from '../helpers/social.js';
import { accountsOf } from './accounts-clients.js';

const aliasesOf = (gateway: Parameters<typeof accountsOf>[0], name: string) =>
  accountsOf(gateway, `${name}@example.com`, password(`${name}@example.com`));

test('added by alias: the list shows the alias; the entry survives retiring it and follows the next alias', async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  const bobAliases = await aliasesOf(gateway, 'bob');
  await bobAliases.call('AddAlias', { alias: 'scubabob@example.com' });
  const alice = await userOf(gateway, 'alice');
  const bob = await userOf(gateway, 'bob');
  await alice.contacts.call('CreateContactList', { name: 'Friends' });
  const added = await alice.contacts.call('AddContact', { listName: 'Friends', contact: 'ScubaBob@example.com' });
  t.like(added.entry, { nickname: 'scubabob', address: 'scubabob@example.com', status: 'pending' });
  const lists = async () => (await alice.contacts.call('GetContactLists', {})).list;
  t.false(JSON.stringify(await lists()).includes('"bob@'), 'the real address is not shown');

  // Bob approves; then renames his alias (retire the old, add a new one).
  await bob.contacts.call('AnswerAuthorization', { requester: 'alice@example.com', approve: true });
  await bobAliases.call('RetireAlias', { alias: 'scubabob@example.com' });
  await bobAliases.call('AddAlias', { alias: 'diver@example.com' });
  const [entry] = list<any>(list<any>(await lists())[0].entry);
  t.like(entry, { nickname: 'scubabob', address: 'diver@example.com', status: 'authorized' });

  // A list send reaches bob at the alias the list shows.
  await bob.inbox();
  await alice.im.call('SendMessages', { message: [{ recipient: ['list:Friends'], content: text('dive today?') }] });
  const got = list<any>((await bob.im.call('GetMessages', {})).message).find((m) => m.sender === 'alice@example.com');
  t.deepEqual(list(got?.recipient), ['diver@example.com']);

  // With no alias left, the entry shows the one it was added by rather than give the real address away.
  await bobAliases.call('RetireAlias', { alias: 'diver@example.com' });
  const [kept] = list<any>(list<any>(await lists())[0].entry);
  t.like(kept, { address: 'scubabob@example.com', status: 'authorized' });
  t.false(JSON.stringify(await lists()).includes('"bob@'));
});

test('a sender who sent as an alias is added (AddSender) by that alias', async (t) => {
  const gateway = await startTestGateway({ accounts: ['bob', 'carol'] });
  t.teardown(() => gateway.stop());
  await (await aliasesOf(gateway, 'bob')).call('AddAlias', { alias: 'mask@example.com' });
  const bob = await userOf(gateway, 'bob');
  const carol = await userOf(gateway, 'carol');
  await bob.im.call('SendMessages', { message: [{ recipient: ['carol@example.com'], content: text('hi'), sendAs: 'mask@example.com' }] });
  const [message] = (await carol.inbox()).filter((m) => m.kind !== 'notice' && !m.notice);
  t.is(message?.sender, 'mask@example.com');
  await carol.contacts.call('CreateContactList', { name: 'New' });
  const added = await carol.contacts.call('AddSender', { messageId: message!.messageId, listName: 'New' });
  t.like(added.entry, { nickname: 'mask', address: 'mask@example.com' });
});
