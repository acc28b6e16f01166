// Profiles with per-field visibility (PP2-39; 5.19) and aliases (PP2-24, 25): what each viewer sees, sending to
// an alias, a taken alias, retiring one.
import test from 'ava';
import { faultOf, list, text } from '../helpers/clients.js';
import { password, startTestGateway } from '../helpers/gateway.js';
import { accountsOf, imOf } from './accounts-clients.js';

const as = (gateway: Parameters<typeof accountsOf>[0], name: string) =>
  accountsOf(gateway, `${name}@example.com`, password(`${name}@example.com`));

test('each profile field shows to whom its visibility allows; unset fields keep the operator default visibility', async (t) => {
  const gateway = await startTestGateway({ accounts: ['bob', 'jan'], settings: { 'profile-visibility': 'private' } });
  t.teardown(() => gateway.stop());
  const bob = await as(gateway, 'bob');
  const jan = await as(gateway, 'jan');
  const own = await bob.call('SetProfile', {
    profile: {
      displayName: { value: 'Scuba Bob', visibility: 'public' },
      city: { value: 'Oslo', visibility: 'public' },
      birthYear: { value: '1990' },
      about: { value: 'diving', visibility: 'contacts' },
    },
  });
  // The owner sees everything; birthYear took the operator's default visibility.
  t.like(own.profile, {
    displayName: { value: 'Scuba Bob', visibility: 'public' },
    city: { value: 'Oslo', visibility: 'public' },
    birthYear: { value: '1990', visibility: 'private' },
    about: { value: 'diving', visibility: 'contacts' },
  });
  const seen = await jan.call('GetProfile', { user: 'bob@example.com' });
  t.deepEqual(Object.keys(seen.profile).sort(), ['city', 'displayName']);
  t.is(seen.profile.searchable, undefined);

  // An empty value removes a field; other fields stay as they were.
  await bob.call('SetProfile', { profile: { city: { value: '' } } });
  t.deepEqual(Object.keys((await jan.call('GetProfile', { user: 'bob@example.com' })).profile), ['displayName']);
});

test('bad profile values get SVC6005 and nothing is written', async (t) => {
  const gateway = await startTestGateway({ accounts: ['bob'] });
  t.teardown(() => gateway.stop());
  const bob = await as(gateway, 'bob');
  for (const profile of [{ birthYear: { value: '1066' } }, { birthYear: { value: 'nineteen' } }, { city: { value: 'x'.repeat(129) } }])
    t.is(faultOf(await t.throwsAsync(bob.call('SetProfile', { profile }))).messageId, 'SVC6005');
  t.is(
    faultOf(await t.throwsAsync(bob.call('SetProfile', { profile: { city: { value: 'Oslo', visibility: 'everyone' } } }))).messageId,
    'SVC0002',
  );
  t.deepEqual(Object.keys((await bob.call('GetProfile', {})).profile).sort(), ['displayName', 'searchable']);
});

test('an alias reaches its owner, showing the alias; a taken alias gets SVC6002; a retired one stops and stays held', async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice', 'bob', 'carol'] });
  t.teardown(() => gateway.stop());
  const bob = await as(gateway, 'bob');
  const carol = await as(gateway, 'carol');
  t.is((await bob.call('AddAlias', { alias: 'ScubaBob@example.com' })).alias, 'scubabob@example.com');
  t.is(faultOf(await t.throwsAsync(carol.call('AddAlias', { alias: 'scubabob@example.com' }))).messageId, 'SVC6002');
  t.is(faultOf(await t.throwsAsync(carol.call('AddAlias', { alias: 'alice@example.com' }))).messageId, 'SVC6002');
  t.is(faultOf(await t.throwsAsync(carol.call('AddAlias', { alias: 'carol@elsewhere.org' }))).messageId, 'SVC2004');
  t.deepEqual(list((await bob.call('ListAliases', {})).alias), ['scubabob@example.com']);

  const alice = await imOf(gateway, 'alice@example.com', password('alice@example.com'));
  await alice.call('SendMessages', { message: [{ recipient: ['scubabob@example.com'], content: text('hello diver') }] });
  const bobIm = await imOf(gateway, 'bob@example.com', password('bob@example.com'));
  const [received] = list<any>((await bobIm.call('GetMessages', {})).message);
  t.like(received, { sender: 'alice@example.com' });
  t.deepEqual(list(received.recipient), ['scubabob@example.com']);

  t.is(faultOf(await t.throwsAsync(carol.call('RetireAlias', { alias: 'scubabob@example.com' }))).messageId, 'SVC6004');
  t.true((await bob.call('RetireAlias', { alias: 'scubabob@example.com' })).retired);
  const [after] = list<any>(
    (await alice.call('SendMessages', { message: [{ recipient: ['scubabob@example.com', 'carol@example.com'], content: text('?') }] }))
      .result,
  );
  t.is(list<any>(after.recipientResult)[0].errorCode, 'SVC2002');
  t.is(faultOf(await t.throwsAsync(carol.call('AddAlias', { alias: 'scubabob@example.com' }))).messageId, 'SVC6002');
});

test('aliases per account are limited (POL6008)', async (t) => {
  const gateway = await startTestGateway({ accounts: ['bob'], settings: { 'aliases-per-account': 1 } });
  t.teardown(() => gateway.stop());
  const bob = await as(gateway, 'bob');
  await bob.call('AddAlias', { alias: 'one@example.com' });
  t.is(faultOf(await t.throwsAsync(bob.call('AddAlias', { alias: 'two@example.com' }))).messageId, 'POL6008');
});
