// Self-service registration (docs/accounts.md "Registration"): the modes closed, token and open, registration
// tokens, the rate limits, replays; every refusal is a clear fault and writes nothing.
import test from 'ava';
import { faultOf } from '../helpers/clients.js';
import { startTestGateway } from '../helpers/gateway.js';
import { manualClock } from '../helpers/session.js';
import { accountsOf, anonymousAccounts, rawRegister } from './accounts-clients.js';

const addresses = async (gateway: { accounts: { list(): Promise<{ address: string }[]> } }) =>
  (await gateway.accounts.list()).map((a) => a.address);

test('closed (the default): Register is refused with POL6002 and no account is made', async (t) => {
  const gateway = await startTestGateway();
  t.teardown(() => gateway.stop());
  const anonymous = await anonymousAccounts(gateway);
  const fault = faultOf(await t.throwsAsync(anonymous.call('Register', { address: 'carol@example.com', password: 'carol-secret' })));
  t.is(fault.messageId, 'POL6002');
  t.deepEqual(await addresses(gateway), []);
});

test('open: Register makes an active account the user logs in with; a replay gets SVC6002 and writes nothing', async (t) => {
  const gateway = await startTestGateway({ settings: { registration: 'open' } });
  t.teardown(() => gateway.stop());
  const anonymous = await anonymousAccounts(gateway);
  const registered = await anonymous.call('Register', { address: 'Carol@Example.com', password: 'carol-secret' });
  t.like(registered, { address: 'carol@example.com', provisioned: false });
  const carol = await accountsOf(gateway, 'carol@example.com', 'carol-secret');
  // PP2-39: the default profile is there at once.
  t.like(await carol.call('GetProfile', {}), {
    user: 'carol@example.com',
    profile: { displayName: { value: 'carol' }, searchable: false },
  });

  const replay = faultOf(await t.throwsAsync(anonymous.call('Register', { address: 'carol@example.com', password: 'other-secret' })));
  t.is(replay.messageId, 'SVC6002');
  t.deepEqual(await addresses(gateway), ['carol@example.com']);
  // The first password still works: the replay changed nothing.
  t.truthy(await carol.call('ListAliases', {}));
});

// Tests that register more than the default burst (3) raise it: the limit has tests of its own below.
const roomy = { 'registration-burst': 100 };

test('open: a foreign domain, a malformed address or a short password is refused before anything is written', async (t) => {
  const gateway = await startTestGateway({ settings: { registration: 'open', ...roomy } });
  t.teardown(() => gateway.stop());
  const anonymous = await anonymousAccounts(gateway);
  const code = async (address: string, password: string) =>
    faultOf(await t.throwsAsync(anonymous.call('Register', { address, password }))).messageId;
  t.is(await code('dave@elsewhere.org', 'dave-secret'), 'SVC2004');
  t.is(await code('not an address', 'dave-secret'), 'SVC2003');
  t.is(await code('dave@example.com', 'short'), 'SVC0002');
  t.is(await code('tel:+15550100999', 'dave-secret'), 'SVC2002');
  t.deepEqual(await addresses(gateway), []);
});

test('token: a token allows its uses until it expires; missing, used-up, unknown or expired tokens are refused', async (t) => {
  const clock = manualClock();
  const gateway = await startTestGateway({ settings: { registration: 'token', ...roomy }, clock });
  t.teardown(() => gateway.stop());
  const anonymous = await anonymousAccounts(gateway);
  const register = (address: string, registrationToken?: string) =>
    anonymous.call('Register', { address, password: 'a-long-secret', ...(registrationToken ? { registrationToken } : {}) });
  const code = async (address: string, token?: string) => faultOf(await t.throwsAsync(register(address, token))).messageId;

  await gateway.accounts.issueToken({ token: 'twice', usesAllowed: 2 });
  await gateway.accounts.issueToken({ token: 'soon', expiresAt: clock() + 60_000 });
  t.is(await code('nobody@example.com'), 'POL6002');
  t.is(await code('nobody@example.com', 'unknown'), 'SVC6001');
  await register('one@example.com', 'twice');
  await register('two@example.com', 'twice');
  t.is(await code('three@example.com', 'twice'), 'SVC6001');
  // A refused registration does not use up the token: the address was taken, so "soon" still has its use.
  t.is(await code('one@example.com', 'soon'), 'SVC6002');
  clock.advance(61_000);
  t.is(await code('four@example.com', 'soon'), 'SVC6001');
  t.deepEqual(await addresses(gateway), ['one@example.com', 'two@example.com']);
  t.deepEqual(
    (await gateway.accounts.listTokens()).map((k) => [k.token, k.completed]),
    [
      ['twice', 2],
      ['soon', 0],
    ],
  );
});

test('Register is rate-limited per client address: over the burst it gets POL6003 with a Retry-After, and writes nothing', async (t) => {
  const gateway = await startTestGateway({ settings: { registration: 'open', 'registrations-per-minute': 1, 'registration-burst': 2 } });
  t.teardown(() => gateway.stop());
  t.is((await rawRegister(gateway, 'r1@example.com', 'a-long-secret')).status, 200);
  t.is((await rawRegister(gateway, 'r2@example.com', 'a-long-secret')).status, 200);
  const refused = await rawRegister(gateway, 'r3@example.com', 'a-long-secret');
  t.like(refused, { status: 500, code: 'POL6003' });
  t.true(Number(refused.retryAfter) >= 1 && Number(refused.retryAfter) <= 60);
  t.deepEqual(await addresses(gateway), ['r1@example.com', 'r2@example.com']);
});

test('Register is rate-limited globally too: the global burst stops every client', async (t) => {
  const gateway = await startTestGateway({
    settings: { registration: 'open', 'global-registrations-per-minute': 1, 'global-registration-burst': 1 },
  });
  t.teardown(() => gateway.stop());
  t.is((await rawRegister(gateway, 'g1@example.com', 'a-long-secret')).status, 200);
  const refused = await rawRegister(gateway, 'g2@example.com', 'a-long-secret');
  t.like(refused, { status: 500, code: 'POL6003' });
  t.true(Number(refused.retryAfter) >= 1 && Number(refused.retryAfter) <= 60);
});

test('every other Accounts operation needs a UsernameToken (SVC1101)', async (t) => {
  const gateway = await startTestGateway();
  t.teardown(() => gateway.stop());
  const anonymous = await anonymousAccounts(gateway);
  for (const operation of ['ChangePassword', 'GetProfile', 'ListAliases', 'SearchUsers'])
    t.is(faultOf(await t.throwsAsync(anonymous.call(operation, { oldPassword: 'x', newPassword: 'y' }))).messageId, 'SVC1101', operation);
});
