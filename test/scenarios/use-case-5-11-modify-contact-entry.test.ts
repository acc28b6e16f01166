// Seed use case 5.11 "Modify Contact Entry": User A adds Crazy-Girl and Curly-Top from the 'disco dancing'
// chat room, and after a night out renames them Pretty-Girl and No-Hair. Each rename succeeds or fails with
// an indication, answers with the updated list, and keeps everything else of the entry.
import test from 'ava';
import { faultOf, list } from '../helpers/clients.js';
import { startTestGateway } from '../helpers/gateway.js';
import { stacks, userOf } from '../helpers/social.js';

for (const stack of stacks) {
  test(`use case 5.11: User A renames Crazy-Girl to Pretty-Girl and Curly-Top to No-Hair (${stack})`, async (t) => {
    const server = await startTestGateway({ accounts: ['usera', 'crazygirl', 'curlytop'] });
    t.teardown(() => server.stop());
    const userA = await userOf(server, 'usera', stack);

    // 3) User A adds the two dancers to his contact list.
    await userA.contacts.call('CreateContactList', { name: 'Disco dancing' });
    await userA.contacts.call('AddContact', {
      listName: 'Disco dancing',
      contact: 'crazygirl',
      nickname: 'Crazy-Girl',
      alternative: [{ name: 'phone', value: '+15550123456' }],
    });
    await userA.contacts.call('AddContact', { listName: 'Disco dancing', contact: 'curlytop', nickname: 'Curly-Top' });

    // 7-8) Crazy-Girl becomes Pretty-Girl; the server answers with the updated list.
    const first = await userA.contacts.call('RenameContact', {
      listName: 'Disco dancing',
      nickname: 'Crazy-Girl',
      newNickname: 'Pretty-Girl',
    });
    const prettyGirl = list<any>(first.list.entry).find((e) => e.nickname === 'Pretty-Girl');
    t.like(prettyGirl, { address: 'crazygirl@example.com', status: 'pending' });
    // Everything else of the entry moved with it.
    t.deepEqual(
      list<any>(prettyGirl.alternative).map((a) => [a.name, a.value]),
      [['phone', '+15550123456']],
    );

    // A rename onto a nickname already in the list fails with an indication, and changes nothing.
    const clash = await t.throwsAsync(
      userA.contacts.call('RenameContact', { listName: 'Disco dancing', nickname: 'Curly-Top', newNickname: 'pretty-girl' }),
    );
    t.is(faultOf(clash).messageId, 'SVC3003');

    // 9-10) Curly-Top becomes No-Hair.
    const second = await userA.contacts.call('RenameContact', { listName: 'Disco dancing', nickname: 'Curly-Top', newNickname: 'No-Hair' });
    t.deepEqual(
      list<any>(second.list.entry).map((e) => [e.nickname, e.address]),
      [
        ['No-Hair', 'curlytop@example.com'],
        ['Pretty-Girl', 'crazygirl@example.com'],
      ],
    );
    const missing = await t.throwsAsync(
      userA.contacts.call('RenameContact', { listName: 'Disco dancing', nickname: 'Curly-Top', newNickname: 'Bald' }),
    );
    t.is(faultOf(missing).messageId, 'SVC3004');
  });
}
