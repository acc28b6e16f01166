// The accounts module under real concurrency on PostgreSQL (127.0.0.1:5432; skipped visibly where it is not
// reachable): several group-commit batches run at once there, so checks-then-inserts race for real.
// - many Registers of one address at once: exactly one account, every other caller SVC6002;
// - a token with 5 uses and 15 Registers at once: exactly 5 accounts, the others SVC6001;
// - one alias added by many users at once (and registered as an address at the same time): one owner;
// - the idle sweep of guest accounts (its SQL on PostgreSQL).
import test, { type ExecutionContext } from 'ava';
import { faultOf } from '../helpers/clients.js';
import { backends, postgresAvailable } from '../helpers/backends.js';
import { password, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { accountsOf, idleAndActiveGuests, rawRegister } from './accounts-clients.js';

const pg = backends.find((b) => b.name === 'pg')!;
const pgUp = postgresAvailable();
const roomy = { 'registration-burst': 1000, 'global-registration-burst': 1000 };

async function pgGateway(
  t: ExecutionContext,
  options: { accounts?: readonly string[]; settings: Record<string, string | number | boolean>; clock?: () => number },
): Promise<TestGateway | undefined> {
  if (!(await pgUp)) {
    t.log('PostgreSQL is not reachable on 127.0.0.1:5432: skipped');
    t.false(await pgUp);
    return undefined;
  }
  const database = await pg.create();
  const gateway = await startTestGateway({ ...options, settings: { ...database.settings, ...options.settings } });
  t.teardown(async () => {
    await gateway.stop();
    await database.drop();
  });
  return gateway;
}

const count = (codes: readonly (string | undefined)[]) => {
  const counted = new Map<string, number>();
  for (const code of codes) counted.set(code ?? 'ok', (counted.get(code ?? 'ok') ?? 0) + 1);
  return Object.fromEntries([...counted].sort());
};

test('pg: 20 Registers of one address at once make one account; the others get SVC6002', async (t) => {
  const gateway = await pgGateway(t, { settings: { registration: 'open', ...roomy } });
  if (!gateway) return;
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => rawRegister(gateway, 'racer@example.com', `racer-secret-${i}`)));
  t.deepEqual(count(results.map((r) => r.code)), { SVC6002: 19, ok: 1 });
  t.is((await gateway.accounts.list()).filter((a) => a.address === 'racer@example.com').length, 1);
});

test('pg: a token with 5 uses, 15 Registers at once: 5 accounts, 10 SVC6001, the token used up exactly', async (t) => {
  const gateway = await pgGateway(t, { settings: { registration: 'token', ...roomy } });
  if (!gateway) return;
  await gateway.accounts.issueToken({ token: 'five', usesAllowed: 5 });
  const body = (i: number) =>
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" ' +
    'xmlns:a="http://imwsi.org/wsi/Accounts/v1"><soap:Body><a:Register>' +
    `<a:address>t${i}@example.com</a:address><a:password>token-secret-${i}</a:password><a:registrationToken>five</a:registrationToken>` +
    '</a:Register></soap:Body></soap:Envelope>';
  const codes = await Promise.all(
    Array.from({ length: 15 }, async (_, i) => {
      const response = await fetch(`${gateway.url}/wsi/Accounts`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8' },
        body: body(i),
      });
      return /<(?:\w+:)?messageId>([^<]+)</.exec(await response.text())?.[1];
    }),
  );
  t.deepEqual(count(codes), { SVC6001: 10, ok: 5 });
  t.is((await gateway.accounts.list()).length, 5);
  const [token] = await gateway.accounts.listTokens();
  t.like(token, { token: 'five', usesAllowed: 5, completed: 5 });
});

test('pg: one alias wanted by 8 users and registered as an address at the same time has one owner', async (t) => {
  const users = Array.from({ length: 8 }, (_, i) => `u${i}`);
  const gateway = await pgGateway(t, { accounts: users, settings: { registration: 'open', ...roomy } });
  if (!gateway) return;
  const clients = await Promise.all(users.map((u) => accountsOf(gateway, `${u}@example.com`, password(`${u}@example.com`))));
  const outcomes = await Promise.all([
    ...clients.map((c) =>
      c.call('AddAlias', { alias: 'wanted@example.com' }).then(
        () => undefined,
        (error: unknown) => faultOf(error).messageId,
      ),
    ),
    rawRegister(gateway, 'wanted@example.com', 'wanted-secret').then((r) => r.code),
  ]);
  t.deepEqual(count(outcomes), { SVC6002: 8, ok: 1 }, JSON.stringify(outcomes));
  const owners = await Promise.all(clients.map(async (c) => ((await c.call('ListAliases', {})).alias ?? []) as string[] | string));
  const asAccount = (await gateway.accounts.list()).some((a) => a.address === 'wanted@example.com');
  t.is(owners.filter((o) => o.length > 0).length + (asAccount ? 1 : 0), 1);
});

test('pg: an idle guest is swept, a guest that polled stays', async (t) => {
  let now = Date.now();
  const gateway = await pgGateway(t, {
    clock: () => now,
    settings: { 'guest-accounts': true, 'guest-idle-seconds': 60, 'sweep-interval-ms': 20, 'created-window-seconds': 86_400, ...roomy },
  });
  if (!gateway) return;
  const { active, left } = await idleAndActiveGuests(gateway, (ms) => (now += ms));
  t.deepEqual(left, [active.address]);
});
