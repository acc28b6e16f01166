// Seed use case 5.19 "Adding a contact": Ian adds a friend by identifier, and, in the alternative flow, finds
// people by searching on age, city and free text, then adds one from the results; the added user is told.
// The search is confined: Kim (14) never appears in Ian's results, and Ian may not search below 18.
import test from 'ava';
import { faultOf, list } from '../helpers/clients.js';
import { password, startTestGateway } from '../helpers/gateway.js';
import { userOf } from '../helpers/social.js';
import { accountsOf } from '../accounts/accounts-clients.js';

const year = new Date().getUTCFullYear();

test('use case 5.19: add by identifier, and by search, where a minor never appears to an adult', async (t) => {
  const gateway = await startTestGateway({ accounts: ['ian', 'tina', 'kim', 'mary'] });
  t.teardown(() => gateway.stop());
  const accounts = (name: string) => accountsOf(gateway, `${name}@example.com`, password(`${name}@example.com`));
  const [ian, tina, kim, mary] = await Promise.all(['ian', 'tina', 'kim', 'mary'].map(accounts));
  const public_ = (value: string) => ({ value, visibility: 'public' });
  await tina!.call('SetProfile', {
    profile: { birthYear: public_(String(year - 24)), city: public_('Helsinki'), about: public_('zombie films'), searchable: true },
  });
  await tina!.call('AddAlias', { alias: 'zombiefan@example.com' });
  await kim!.call('SetProfile', {
    profile: { birthYear: public_(String(year - 14)), city: public_('Helsinki'), about: public_('zombie films'), searchable: true },
  });
  // Mary matches too, but never opted in to search (GU-5: privacy is opt-in).
  await mary!.call('SetProfile', { profile: { city: public_('Helsinki'), about: public_('zombie films') } });

  // Main flow: Ian adds Mary by her identifier; she is told (asked to authorize him, the default privacy).
  const ianSocial = await userOf(gateway, 'ian');
  await ianSocial.contacts.call('CreateContactList', { name: 'Friends' });
  await ianSocial.contacts.call('AddContact', { listName: 'Friends', contact: 'mary@example.com' });
  const marySocial = await userOf(gateway, 'mary');
  const [asked] = await marySocial.notices('authorizationRequest');
  t.like(asked, { address: 'ian@example.com', status: 'pending' });

  // Alternative flow: Ian searches Helsinki, zombie films, 18 to 30: only Tina, shown by her alias.
  const found = await ian!.call('SearchUsers', { city: 'helsinki', text: 'zombie', minAge: 18, maxAge: 30 });
  const results = list<any>(found.result);
  t.deepEqual(
    results.map((r) => r.user),
    ['zombiefan@example.com'],
  );
  t.is(results[0].profile.city.value, 'Helsinki');
  // Without the age range the minor still never appears, and searching below 18 is refused.
  t.deepEqual(
    list<any>((await ian!.call('SearchUsers', { city: 'Helsinki' })).result).map((r) => r.user),
    ['zombiefan@example.com'],
  );
  t.is(faultOf(await t.throwsAsync(ian!.call('SearchUsers', { city: 'Helsinki', maxAge: 16 }))).messageId, 'POL6007');

  // Ian adds Tina from the result, by the identifier the search gave him; she is told.
  await ianSocial.contacts.call('AddContact', { listName: 'Friends', contact: results[0].user });
  const tinaSocial = await userOf(gateway, 'tina');
  const [tinaAsked] = await tinaSocial.notices('authorizationRequest');
  t.like(tinaAsked, { address: 'ian@example.com' });
});
