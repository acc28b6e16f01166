// Anonymous guest accounts (GS-3; docs/accounts.md): made by Register with guest=true where the operator
// enables them; a generated address and no personal data; confined to what guests may do (POL6010), to public
// rooms, and to messaging users who put them in a contact list (POL6011); removed once idle. Real SOAP clients
// generated from the served WSDLs.
import test from 'ava';
import { faultOf, list, nodeSoapClient, text } from '../helpers/clients.js';
import { password, startTestGateway } from '../helpers/gateway.js';
import { userOf } from '../helpers/social.js';
import { anonymousAccounts, idleAndActiveGuests, registerGuest } from './accounts-clients.js';

const guestSettings = { 'guest-accounts': true, 'registration-burst': 100, 'created-window-seconds': 86_400 };

test('without --guest-accounts a guest Register is POL6002; with it, an address is generated', async (t) => {
  const closed = await startTestGateway({ settings: { registration: 'open' } });
  t.teardown(() => closed.stop());
  const refused = await t.throwsAsync((await anonymousAccounts(closed)).call('Register', { guest: true, password: 'guest-secret-1' }));
  t.is(faultOf(refused).messageId, 'POL6002');

  const gateway = await startTestGateway({ settings: guestSettings });
  t.teardown(() => gateway.stop());
  const { registered } = await registerGuest(gateway);
  t.regex(registered.address, /^guest-[0-9a-f]{12}@example\.com$/);
  t.like(registered, { provisioned: false, guest: true });
  const both = await t.throwsAsync(
    (await anonymousAccounts(gateway)).call('Register', { address: 'me@example.com', guest: true, password: 'guest-secret-1' }),
  );
  t.is(faultOf(both).messageId, 'SVC0002');
  const noAddress = await t.throwsAsync((await anonymousAccounts(gateway)).call('Register', { password: 'guest-secret-1' }));
  t.is(faultOf(noAddress).messageId, 'SVC0002');
});

test('a guest messages only users who put it in a contact list, and may not do what guests may not', async (t) => {
  const gateway = await startTestGateway({ accounts: ['bob'], settings: guestSettings });
  t.teardown(() => gateway.stop());
  const guest = await registerGuest(gateway);
  const im = await guest.client('InstantMessaging');
  const send = async () =>
    list<any>(
      list<any>((await im.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text('hi') }] })).result)[0]
        .recipientResult,
    )[0];
  t.like(await send(), { status: 'failed', errorCode: 'POL6011' });

  const bob = await userOf(gateway, 'bob');
  await bob.contacts.call('CreateContactList', { name: 'Met in the lobby' });
  await bob.contacts.call('AddContact', { listName: 'Met in the lobby', contact: guest.address });
  t.like(await send(), { status: 'queued' });
  t.deepEqual(
    (await bob.inbox()).filter((m) => m.sender === guest.address).map((m) => m.text),
    ['hi'],
  );

  const refusals: [string, string, object][] = [
    ['Accounts', 'SearchUsers', { city: 'Oslo' }],
    ['Accounts', 'SetProfile', { profile: { city: { value: 'Oslo' } } }],
    ['Accounts', 'AddAlias', { alias: 'me@example.com' }],
    ['ContactLists', 'CreateContactList', { name: 'Mine' }],
    ['Presence', 'SubscribePresence', { presentity: ['bob@example.com'] }],
    ['Groups', 'CreateGroup', { name: 'Mine' }],
  ];
  for (const [service, operation, args] of refusals) {
    const error = await t.throwsAsync((await guest.client(service)).call(operation, args));
    t.is(faultOf(error).messageId, 'POL6010', operation);
  }
  // What a guest may do still works.
  await (await guest.client('Presence')).call('PublishPresence', { availability: 'available' });
  await (await guest.client('Accounts')).call('ChangePassword', { oldPassword: 'guest-secret-1', newPassword: 'guest-secret-2' });
});

test('a guest joins public rooms only', async (t) => {
  const gateway = await startTestGateway({
    accounts: ['ann', { address: 'op@example.com', password: password('op@example.com'), role: 'admin' }],
    settings: guestSettings,
  });
  t.teardown(() => gateway.stop());
  const op = await nodeSoapClient(`${gateway.url}/wsi/Groups?wsdl`, 'op@example.com');
  const ann = await nodeSoapClient(`${gateway.url}/wsi/Groups?wsdl`, 'ann@example.com');
  const room = (await op.call('CreateGroup', { name: 'Lobby', visibility: 'public' })).group.groupId;
  const club = (await ann.call('CreateGroup', { name: 'Club', access: 'open' })).group.groupId;
  const guest = await registerGuest(gateway);
  const groups = await guest.client('Groups');
  t.is((await groups.call('JoinGroup', { groupId: room, screenName: 'Visitor' })).status, 'joined');
  t.is(faultOf(await t.throwsAsync(groups.call('JoinGroup', { groupId: club }))).messageId, 'POL6010');
  const invited = list<any>((await ann.call('InviteToGroup', { groupId: club, invitee: [guest.address] })).result)[0];
  t.is(invited.errorCode, 'POL6010', 'nor can it be invited into a private group');
});

test('an idle guest is removed with what it holds; a guest that polls stays', async (t) => {
  let now = Date.now();
  const gateway = await startTestGateway({
    clock: () => now,
    settings: { ...guestSettings, 'guest-idle-seconds': 60, 'sweep-interval-ms': 20 },
  });
  t.teardown(() => gateway.stop());
  // The sweep runs every 20 ms: this waits for it to have removed the idle guest.
  const { idle, active, left } = await idleAndActiveGuests(gateway, (ms) => (now += ms));
  t.deepEqual(left, [active.address]);
  const gone = await t.throwsAsync((await idle.client('InstantMessaging')).call('GetMessages', {}));
  t.is(faultOf(gone).messageId, 'SVC1102');
  await (await active.client('InstantMessaging')).call('GetMessages', {});
});
