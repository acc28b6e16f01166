// AddContact by a consumer's own username (issue 3: "a user id, an IM address, an E.164 number, or a
// consumer's own username"): the name resolves through the consumer's directory (Appendix B).
import test from 'ava';
import { faultOf, list, nodeSoapClient } from '../helpers/clients.js';
import { password, startTestGateway } from '../helpers/gateway.js';

test('a consumer adds a contact by its own username, and an unknown username fails with SVC4001', async (t) => {
  const gateway = await startTestGateway({
    accounts: [{ address: 'chess@example.com', password: password('chess@example.com'), role: 'consumer' }, 'bob', 'carol'],
  });
  t.teardown(() => gateway.stop());
  const directory = await nodeSoapClient(`${gateway.url}/wsi/Directory?wsdl`, 'chess@example.com');
  await directory.call('SetDirectoryEntries', { entry: [{ username: 'QueenBee', address: 'bob@example.com' }] });
  const contacts = await nodeSoapClient(`${gateway.url}/wsi/ContactLists?wsdl`, 'chess@example.com');
  await contacts.call('CreateContactList', { name: 'Players' });

  const added = await contacts.call('AddContact', { listName: 'Players', contact: 'QueenBee' });
  // A missing nickname is the contact's own alias (here its local part), as for any AddContact.
  t.like(added.entry, { address: 'bob@example.com', nickname: 'bob' });
  const byNumberOrAddress = await contacts.call('AddContact', { listName: 'Players', contact: 'carol@example.com', nickname: 'Carol' });
  t.is(byNumberOrAddress.entry.address, 'carol@example.com');
  t.is(faultOf(await t.throwsAsync(contacts.call('AddContact', { listName: 'Players', contact: 'NoSuchPlayer' }))).messageId, 'SVC4001');

  const [players] = list<any>((await contacts.call('GetContactLists', { name: 'Players' })).list);
  t.deepEqual(
    list<any>(players.entry)
      .map((e) => e.address)
      .sort(),
    ['bob@example.com', 'carol@example.com'],
  );
});
