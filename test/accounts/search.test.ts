// SearchUsers (5.19 alternative flow): only searchable users, matching on public values, confined by policy
// class (a minor never appears to an adult), forbidden criteria, paging; results carry no MSISDN.
import test, { type ExecutionContext } from 'ava';
import { faultOf, list } from '../helpers/clients.js';
import { password, startTestGateway } from '../helpers/gateway.js';
import { accountsOf } from './accounts-clients.js';

const year = new Date().getUTCFullYear();

async function town(t: ExecutionContext, settings: Record<string, string | number | boolean> = {}) {
  const gateway = await startTestGateway({
    accounts: [
      'adam',
      'eve',
      'kid',
      'teen',
      { address: 'phil@example.com', password: password('phil@example.com'), msisdn: '+15550100042' },
    ],
    settings,
  });
  t.teardown(() => gateway.stop());
  const as = (name: string) => accountsOf(gateway, `${name}@example.com`, password(`${name}@example.com`));
  const profile = (birth: number, searchable = true) => ({
    profile: {
      birthYear: { value: String(birth), visibility: 'public' },
      city: { value: 'Oslo', visibility: 'public' },
      gender: { value: 'f', visibility: 'public' },
      searchable,
    },
  });
  await (await as('eve')).call('SetProfile', profile(year - 30));
  await (await as('phil')).call('SetProfile', profile(year - 40));
  await (await as('kid')).call('SetProfile', profile(year - 12));
  await (await as('teen')).call('SetProfile', profile(year - 15));
  await (await as('adam')).call('SetProfile', profile(year - 35, false));
  return { gateway, as };
}

const users = (response: any) => list<any>(response.result).map((r) => r.user);

test("only searchable users of the searcher's class appear: a minor never appears to an adult, and sees only minors", async (t) => {
  const { as } = await town(t);
  const adam = await as('adam');
  t.deepEqual(users(await adam.call('SearchUsers', { city: 'oslo' })), ['eve@example.com', 'phil@example.com']);
  const kid = await as('kid');
  t.deepEqual(users(await kid.call('SearchUsers', { city: 'Oslo' })), ['teen@example.com']);
  // 5.19: an adult may not search below the minor age at all.
  t.is(faultOf(await t.throwsAsync(adam.call('SearchUsers', { maxAge: 15 }))).messageId, 'POL6007');
  t.is(faultOf(await t.throwsAsync(adam.call('SearchUsers', { minAge: 10, maxAge: 40 }))).messageId, 'POL6007');
});

test('criteria match public values only; a result shows its public fields, an alias when it has one, and no MSISDN', async (t) => {
  const { as } = await town(t);
  const eve = await as('eve');
  await eve.call('SetProfile', {
    profile: { city: { value: 'Oslo', visibility: 'contacts' }, about: { value: 'Kayaks and chess', visibility: 'public' } },
  });
  await eve.call('AddAlias', { alias: 'paddler@example.com' });
  const adam = await as('adam');
  t.deepEqual(users(await adam.call('SearchUsers', { city: 'Oslo' })), ['phil@example.com']);
  const found = await adam.call('SearchUsers', { text: 'CHESS', minAge: 25, maxAge: 35 });
  t.deepEqual(users(found), ['paddler@example.com']);
  const [result] = list<any>(found.result);
  t.deepEqual(Object.keys(result.profile).sort(), ['about', 'birthYear', 'gender']);
  const phil = list<any>((await adam.call('SearchUsers', { minAge: 39, maxAge: 41 })).result);
  t.deepEqual(
    phil.map((r) => r.user),
    ['phil@example.com'],
  );
  t.false(JSON.stringify(phil).includes('15550100042'));
  // A LIKE wildcard in the text is taken literally.
  t.deepEqual(users(await adam.call('SearchUsers', { text: '%' })), []);
});

test('the operator forbids combinations of criteria (POL6007); results are paged', async (t) => {
  const { as } = await town(t, { 'forbidden-searches': 'gender+city', 'search-page-size': 1 });
  const adam = await as('adam');
  t.is(faultOf(await t.throwsAsync(adam.call('SearchUsers', { gender: 'f', city: 'Oslo' }))).messageId, 'POL6007');
  const first = await adam.call('SearchUsers', { gender: 'f' });
  t.deepEqual(users(first), ['eve@example.com']);
  const second = await adam.call('SearchUsers', { gender: 'f', page: first.nextPage });
  t.deepEqual(users(second), ['phil@example.com']);
  t.is(second.nextPage, undefined);
});
