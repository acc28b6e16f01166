// The account's own life cycle (docs/accounts.md "Account states"): ChangePassword, DeleteAccount with the
// address held, and suspension by the operator (POL6001 on every request; messages stored or refused).
import test from 'ava';
import { faultOf, list, text } from '../helpers/clients.js';
import { password, startTestGateway } from '../helpers/gateway.js';
import { manualClock } from '../helpers/session.js';
import { accountsOf, anonymousAccounts, imOf } from './accounts-clients.js';

test('ChangePassword: a wrong old password gets SVC6003 and changes nothing; the right one swaps the passwords', async (t) => {
  const gateway = await startTestGateway({ accounts: ['bob'] });
  t.teardown(() => gateway.stop());
  const bob = await accountsOf(gateway, 'bob@example.com', password('bob@example.com'));
  t.is(
    faultOf(await t.throwsAsync(bob.call('ChangePassword', { oldPassword: 'wrong-password', newPassword: 'bob-new-secret' }))).messageId,
    'SVC6003',
  );
  t.is(
    faultOf(await t.throwsAsync(bob.call('ChangePassword', { oldPassword: password('bob@example.com'), newPassword: 'short' }))).messageId,
    'SVC0002',
  );
  t.true((await bob.call('ChangePassword', { oldPassword: password('bob@example.com'), newPassword: 'bob-new-secret' })).changed);

  t.is(faultOf(await t.throwsAsync(bob.call('ListAliases', {}))).messageId, 'SVC1102');
  const renewed = await accountsOf(gateway, 'bob@example.com', 'bob-new-secret');
  t.truthy(await renewed.call('ListAliases', {}));
});

test('DeleteAccount removes the account and its data; the address is held, then free again', async (t) => {
  const clock = manualClock();
  const gateway = await startTestGateway({
    accounts: ['alice', 'bob', 'carol'],
    settings: { registration: 'open', 'hold-deleted-seconds': 3600 },
    clock,
  });
  t.teardown(() => gateway.stop());
  const bob = await accountsOf(gateway, 'bob@example.com', password('bob@example.com'));
  await bob.call('AddAlias', { alias: 'diver@example.com' });
  t.is(faultOf(await t.throwsAsync(bob.call('DeleteAccount', { password: 'wrong-password' }))).messageId, 'SVC6003');

  const deleted = await bob.call('DeleteAccount', { password: password('bob@example.com') });
  // heldUntil is an xsd:dateTime in whole seconds.
  t.is(Math.floor(Date.parse(deleted.heldUntil) / 1000), Math.floor((clock() + 3600_000) / 1000));
  t.deepEqual(
    (await gateway.accounts.list()).map((a) => a.address),
    ['alice@example.com', 'carol@example.com'],
  );
  // Messages to the deleted address and its alias fail; nobody can take either over while they are held.
  const alice = await imOf(gateway, 'alice@example.com', password('alice@example.com'));
  const [sent] = list<any>(
    (
      await alice.call('SendMessages', {
        message: [{ recipient: ['bob@example.com', 'diver@example.com', 'carol@example.com'], content: text('hi') }],
      })
    ).result,
  );
  t.deepEqual(
    list<any>(sent.recipientResult).map((r) => r.errorCode),
    ['SVC2002', 'SVC2002', undefined],
  );
  const anonymous = await anonymousAccounts(gateway);
  for (const address of ['bob@example.com', 'diver@example.com'])
    t.is(faultOf(await t.throwsAsync(anonymous.call('Register', { address, password: 'mallory-secret' }))).messageId, 'SVC6002');

  clock.advance(3601_000);
  t.like(await anonymous.call('Register', { address: 'bob@example.com', password: 'new-bob-secret' }), { address: 'bob@example.com' });
});

test('a suspended account gets POL6001 on every request; messages to it are stored, and it reads them when reinstated', async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  const bob = await imOf(gateway, 'bob@example.com', password('bob@example.com'));
  await gateway.accounts.suspend('bob@example.com');
  t.is(faultOf(await t.throwsAsync(bob.call('GetMessages', {}))).messageId, 'POL6001');
  const bobAccounts = await accountsOf(gateway, 'bob@example.com', password('bob@example.com'));
  t.is(faultOf(await t.throwsAsync(bobAccounts.call('GetProfile', {}))).messageId, 'POL6001');

  const alice = await imOf(gateway, 'alice@example.com', password('alice@example.com'));
  const [sent] = list<any>(
    (await alice.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text('are you there?') }] })).result,
  );
  t.is(list<any>(sent.recipientResult)[0].status, 'queued');

  await gateway.accounts.reinstate('bob@example.com');
  const inbox = await bob.call('GetMessages', {});
  t.deepEqual(
    list<any>(inbox.message).map((m) => Buffer.from(m.content, 'base64').toString()),
    ['are you there?'],
  );
});

test('with suspendedMessages=refuse, a message to a suspended account fails for that recipient alone (POL6006)', async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice', 'bob', 'carol'], settings: { 'suspended-messages': 'refuse' } });
  t.teardown(() => gateway.stop());
  await gateway.accounts.suspend('bob@example.com');
  const alice = await imOf(gateway, 'alice@example.com', password('alice@example.com'));
  const [sent] = list<any>(
    (await alice.call('SendMessages', { message: [{ recipient: ['bob@example.com', 'carol@example.com'], content: text('hi') }] })).result,
  );
  t.deepEqual(
    list<any>(sent.recipientResult).map((r) => [r.address, r.status, r.errorCode]),
    [
      ['bob@example.com', 'failed', 'POL6006'],
      ['carol@example.com', 'queued', undefined],
    ],
  );
});
