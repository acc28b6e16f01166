// The Administration service (docs/operations.md "Administration", "Monitoring"): an operator at
// example.com manages accounts, charging and usage over real SOAP, and every action lands in the audit log.
import test from 'ava';
import { faultOf, list, nodeSoapClient, strongSoapClient, text } from '../helpers/clients.js';
import { password, startTestGateway } from '../helpers/gateway.js';

const admin = { address: 'op@example.com', password: password('op@example.com'), role: 'admin' as const };

async function setUp(t: { teardown(fn: () => Promise<void>): void }) {
  const gateway = await startTestGateway({
    accounts: [admin, 'alice', 'bob', { address: 'game@example.com', password: password('game@example.com'), role: 'consumer' }],
  });
  t.teardown(() => gateway.stop());
  const op = await nodeSoapClient(`${gateway.url}/wsi/Administration?wsdl`, admin.address);
  return { gateway, op };
}

const code = (call: Promise<unknown>) =>
  call.then(
    () => 'no fault',
    (error: unknown) => faultOf(error).messageId,
  );

test('only admin accounts may call it: a user gets POL1005 for every operation', async (t) => {
  const { gateway } = await setUp(t);
  const alice = await nodeSoapClient(`${gateway.url}/wsi/Administration?wsdl`, 'alice@example.com');
  for (const [operation, args] of [
    ['ListAccounts', {}],
    ['SuspendAccount', { address: 'bob@example.com' }],
    ['ExportUsage', {}],
    ['GetStatistics', {}],
    ['GetAuditLog', {}],
    ['ListPeers', {}],
  ] as const)
    t.is(await code(alice.call(operation, args)), 'POL1005', operation);
});

test('an admin suspends Bob: his next send is refused (POL6001); resumed, he sends again; both are in the audit log', async (t) => {
  const { gateway, op } = await setUp(t);
  const bob = await nodeSoapClient(gateway.wsdlUrl, 'bob@example.com');
  const send = () => bob.call('SendMessages', { message: [{ recipient: ['alice@example.com'], content: text('hi') }] });
  const suspended = await op.call('SuspendAccount', { address: 'bob@example.com' });
  t.is(suspended.account.state, 'suspended');
  t.is(await code(send()), 'POL6001');
  t.is((await op.call('ResumeAccount', { address: 'bob@example.com' })).account.state, 'active');
  t.is(list((await send()).result).length, 1);
  t.is(await code(op.call('ResumeAccount', { address: 'bob@example.com' })), 'SVC0002', 'an active account cannot be resumed');

  const log = list<any>((await op.call('GetAuditLog', { actor: 'op@example.com' })).entry);
  t.deepEqual(
    log.map((e) => [e.actor, e.action, e.target, e.outcome]),
    [
      ['op@example.com', 'SuspendAccount', 'bob@example.com', 'ok'],
      ['op@example.com', 'ResumeAccount', 'bob@example.com', 'ok'],
      ['op@example.com', 'ResumeAccount', 'bob@example.com', 'SVC0002'],
    ],
  );
  t.true(log.every((e) => !Number.isNaN(Date.parse(e.time))));
});

test('list pages with nextAfterId, search finds by address or number, show includes the charging terms', async (t) => {
  const { op } = await setUp(t);
  const first = await op.call('ListAccounts', { maxResults: 2 });
  const second = await op.call('ListAccounts', { afterId: first.nextAfterId, maxResults: 2 });
  t.deepEqual(
    [...list<any>(first.account), ...list<any>(second.account)].map((a) => a.address),
    ['op@example.com', 'alice@example.com', 'bob@example.com', 'game@example.com'],
  );
  t.is(second.nextAfterId, undefined);
  t.deepEqual(
    list<any>((await op.call('ListAccounts', { role: 'consumer' })).account).map((a) => a.address),
    ['game@example.com'],
  );
  t.deepEqual(
    list<any>((await op.call('SearchAccounts', { text: 'BO' })).account).map((a) => a.address),
    ['bob@example.com'],
  );
  t.deepEqual(list((await op.call('SearchAccounts', { text: '100%' })).account), [], 'a LIKE wildcard is taken literally');
  const charged = await op.call('SetCharging', {
    address: 'alice@example.com',
    payment: 'prepaid',
    perMessage: 3,
    balance: 30,
    subscriberId: 'CUST-7',
  });
  t.like(charged.charging, { payment: 'prepaid', subscriberId: 'CUST-7' });
  t.deepEqual([Number(charged.charging.balance), Number(charged.charging.perMessage)], [30, 3]);
  const shown = await op.call('GetAccount', { address: 'alice@example.com' });
  t.like(shown, { account: { address: 'alice@example.com', role: 'user', state: 'active' }, charging: { payment: 'prepaid' } });
  t.is(Number(shown.charging.balance), 30);
  t.is(await code(op.call('GetAccount', { address: 'nobody@example.com' })), 'SVC9002');
  t.is(await code(op.call('SetCharging', { address: 'alice@example.com', balance: -5 })), 'SVC9003');
});

test('reset password: a generated one is returned once and works; remove deletes the account', async (t) => {
  const { gateway, op } = await setUp(t);
  const reset = await op.call('ResetPassword', { address: 'bob@example.com' });
  t.regex(reset.generatedPassword, /^[A-Za-z0-9_-]{16}$/);
  const bob = await nodeSoapClient(gateway.wsdlUrl, 'bob@example.com', reset.generatedPassword);
  t.is(
    list((await bob.call('SendMessages', { message: [{ recipient: ['alice@example.com'], content: text('new key') }] })).result).length,
    1,
  );
  t.is(await code(nodeSoapClient(gateway.wsdlUrl, 'bob@example.com').then((old) => old.call('GetMessages', {}))), 'SVC1102');
  t.true((await op.call('RemoveAccount', { address: 'bob@example.com' })).deleted);
  t.is(await gateway.store.accounts.findByAddress('bob@example.com'), undefined);
  t.is(await code(op.call('RemoveAccount', { address: 'bob@example.com' })), 'SVC2002');
});

test('ExportUsage pages resume by nextAfterId to exactly the whole set; statistics show the live traffic (strong-soap too)', async (t) => {
  const { gateway, op } = await setUp(t);
  const game = await nodeSoapClient(gateway.wsdlUrl, 'game@example.com');
  for (let i = 0; i < 3; i++)
    await game.call('SendMessages', { message: [{ recipient: ['alice@example.com', 'bob@example.com'], content: text(`turn ${i}`) }] });
  const pages: any[][] = [];
  let afterId: number | undefined;
  do {
    const page = await op.call('ExportUsage', { pageSize: 4, ...(afterId !== undefined ? { afterId } : {}) });
    pages.push(list(page.record));
    afterId = page.nextAfterId === undefined ? undefined : Number(page.nextAfterId);
  } while (afterId !== undefined);
  t.deepEqual(
    pages.map((p) => p.length),
    [4, 4, 1],
  );
  const ids = pages.flat().map((r) => Number(r.recordId));
  t.deepEqual(
    ids,
    [...new Set(ids)].sort((a, b) => a - b),
  );
  t.like(pages[0]![0], { event: 'message-sent', serviceType: 'SENDING', chargedParty: 'game@example.com' });
  t.is(Number(pages[0]![0].explodedOk), 2);
  t.deepEqual(pages[0]![0].otherParty, ['alice@example.com', 'bob@example.com']);
  t.is(await code(op.call('ExportUsage', { since: 'yesterday' })), 'SVC0002');

  const strong = await strongSoapClient(`${gateway.url}/wsi/Administration?wsdl`, admin.address);
  for (const client of [op, strong]) {
    const { statistics } = await client.call('GetStatistics', {});
    t.is(Number(statistics.accounts), 4);
    t.is(Number(statistics.inboxMessages), 6);
    const rate = (r: any) => [r.name, Number(r.messages)];
    t.deepEqual(list<any>(statistics.domainTraffic).map(rate), [['example.com', 3]]);
    t.deepEqual(list<any>(statistics.consumerTraffic).map(rate), [['game@example.com', 3]]);
    t.deepEqual(
      list<any>(statistics.deepestInbox).map((d) => [d.address, Number(d.depth)]),
      [
        ['alice@example.com', 3],
        ['bob@example.com', 3],
      ],
    );
  }
  const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
  t.regex(metrics, /imwsi_traffic_messages_per_second\{domain="example.com"\} 0.05/);
  t.regex(metrics, /imwsi_deepest_inbox_messages\{address="alice@example.com"\} 3/);
  t.regex(metrics, /imwsi_consumer_messages_per_second\{consumer="game@example.com"\} 0.05/);
  t.true(
    list<any>((await op.call('GetAuditLog', {})).entry).some((e) => e.action === 'ExportUsage'),
    'an export is audited',
  );
});

test('RemoveFromAllGroups bans a user from every group but her own; she cannot join again; the groups hear it', async (t) => {
  const { gateway, op } = await setUp(t);
  const groupsOf = (name: string) => nodeSoapClient(`${gateway.url}/wsi/Groups?wsdl`, `${name}@example.com`);
  const [alice, bob] = await Promise.all([groupsOf('alice'), groupsOf('bob')]);
  const chess = (await bob.call('CreateGroup', { name: 'Chess', access: 'open' })).group.groupId;
  const go = (await bob.call('CreateGroup', { name: 'Go', access: 'open' })).group.groupId;
  const own = (await alice.call('CreateGroup', { name: 'Mine', access: 'open' })).group.groupId;
  for (const groupId of [chess, go]) await alice.call('JoinGroup', { groupId, screenName: 'Alice' });

  const removed = list<any>((await op.call('RemoveFromAllGroups', { address: 'alice@example.com', ban: true, reason: 'spam' })).group);
  t.deepEqual(
    removed.map((r) => [r.groupId, r.outcome]).sort(),
    [
      [chess, 'banned'],
      [go, 'banned'],
      [own, 'owner'],
    ].sort(),
  );
  t.is(await code(alice.call('JoinGroup', { groupId: chess, screenName: 'Alice' })), 'POL5007', 'banned: she cannot join again');
  const bobInbox = await nodeSoapClient(gateway.wsdlUrl, 'bob@example.com');
  const notices = list<any>((await bobInbox.call('GetMessages', {})).message).filter((m) => m.notification?.status === 'banned');
  t.is(notices.length, 2, 'each group heard of the ban');
  const audit = list<any>((await op.call('GetAuditLog', {})).entry);
  t.like(audit.at(-1), { action: 'BanFromAllGroups', target: 'alice@example.com', detail: 'spam', outcome: 'ok' });
});
