// Seed use case 5.1 "Setting Up My IM Service": Bob (scubabob) and Jan (scubajan) register themselves
// (steps 1-16, Register on /wsi/Accounts); then, steps 18-42, Bob adds Jan to his
// buddy list; Jan's profile needs permission, so the entry waits; hours later Jan approves and adds Bob
// back in the same call; Bob sees her available and they chat.
import test from 'ava';
import { list } from '../helpers/clients.js';
import { password, startTestGateway } from '../helpers/gateway.js';
import { anonymousAccounts } from '../accounts/accounts-clients.js';
import { send, stacks, userOf } from '../helpers/social.js';

for (const stack of stacks) {
  test(`use case 5.1: Bob adds scubajan, Jan approves and adds him back, they chat (${stack})`, async (t) => {
    const server = await startTestGateway({ settings: { registration: 'open' } });
    t.teardown(() => server.stop());
    // 1-16) Bob and Jan sign up for the service, each choosing a screen name and a password.
    const signUp = await anonymousAccounts(server);
    for (const name of ['scubabob', 'scubajan']) {
      const address = `${name}@example.com`;
      t.like(await signUp.call('Register', { address, password: password(address) }), { address, provisioned: false });
    }
    const bob = await userOf(server, 'scubabob', stack);
    const jan = await userOf(server, 'scubajan', stack);

    // 17) Bob's new buddy list is empty.
    await bob.contacts.call('CreateContactList', { name: 'Buddies' });
    const [empty] = list<any>((await bob.contacts.call('GetContactLists', {})).list);
    t.deepEqual(list(empty.entry), []);

    // 18-24) Bob adds "scubajan" by screen name; her profile needs permission, and he says "yes, and invite
    // scubajan to add scubabob to her list" (he lets her see his presence).
    const added = await bob.contacts.call('AddContact', { listName: 'Buddies', contact: 'scubajan', authorizeContact: true });
    // 26-27) The server adds Jan to Bob's list but shows the status as waiting on approval.
    t.like(added.entry, { nickname: 'scubajan', address: 'scubajan@example.com', status: 'pending' });

    // 31-32) Bob goes to work. Several hours pass.
    // 33-34) Jan logs in and finds the request: scubabob would like to add her to his buddy list, is this OK?
    const [request] = await jan.notices('authorizationRequest');
    t.like(request, { address: 'scubabob@example.com', status: 'pending' });
    t.deepEqual(request!.attributes.addBackInvited, ['true']);
    const open = list<any>((await jan.presence.call('GetOpenSubscriptions', {})).request);
    t.deepEqual(
      open.map((r) => [r.address, r.origin]),
      [['scubabob@example.com', 'contact']],
    );

    // 35-36) Jan approves and, in the same call, adds scubabob to her own buddy list.
    await jan.contacts.call('CreateContactList', { name: 'Dive buddies' });
    const answer = await jan.contacts.call('AnswerAuthorization', {
      requester: 'scubabob',
      approve: true,
      addBack: { listName: 'Dive buddies', nickname: 'Bob' },
    });
    t.is(answer.status, 'granted');
    // Bob authorized her up front (step 24), so her entry for him is authorized at once.
    t.like(answer.entry, { nickname: 'Bob', address: 'scubabob@example.com', status: 'authorized' });

    // 37) Bob's buddy list now shows Jan available (she is online: she just polled her inbox).
    const [buddies] = list<any>((await bob.contacts.call('GetContactLists', { name: 'Buddies' })).list);
    const [janEntry] = list<any>(buddies.entry);
    t.like(janEntry, { nickname: 'scubajan', status: 'authorized' });
    t.is(janEntry.presence.availability, 'available');

    // 38) Bob is told scubajan approved his request and added him to her buddy list.
    const notices = await bob.notices();
    const result = notices.find((n) => n.type === 'authorizationResult');
    t.like(result, { address: 'scubajan@example.com', status: 'granted' });
    t.deepEqual(result!.attributes.addedBack, ['true']);
    t.deepEqual(
      notices.filter((n) => n.type === 'presence').map((n) => [n.address, n.status]),
      [['scubajan@example.com', 'available']],
    );

    // 39-42) On a coffee break Bob sees Jan online and starts chatting; Jan gets his message.
    const [sent] = await send(bob, ['scubajan@example.com'], 'Coffee break! Dive this weekend?');
    t.is(sent!.status, 'queued');
    const messages = (await jan.inbox()).filter((m) => m.kind === 'message');
    t.deepEqual(
      messages.map((m) => [m.sender, m.text]),
      [['scubabob@example.com', 'Coffee break! Dive this weekend?']],
    );
  });
}
