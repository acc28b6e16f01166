// The policy operations of the Administration service (docs/operations.md "Limits", "Filters", "Switches"):
// an operator sets a limit, a system filter and a switch over real SOAP, each takes effect on the next send,
// each change is in the audit log, and a user may call none of them.
import test from 'ava';
import { clientFactories, faultOf, list, text } from '../helpers/clients.js';
import { password, startTestGateway } from '../helpers/gateway.js';

const admin = { address: 'op@example.com', password: password('op@example.com'), role: 'admin' as const };
const code = (call: Promise<unknown>) =>
  call.then(
    () => 'no fault',
    (error: unknown) => faultOf(error).messageId,
  );

for (const stack of ['node-soap', 'strong-soap'] as const) {
  test(`${stack}: SetLimit, AddFilter and SetSwitch act on the next send; List* show them; every change is audited`, async (t) => {
    const gateway = await startTestGateway({ accounts: [admin, 'alice', 'bob'] });
    t.teardown(() => gateway.stop());
    const op = await clientFactories[stack](`${gateway.url}/wsi/Administration?wsdl`, admin.address);
    const alice = await clientFactories[stack](gateway.wsdlUrl, 'alice@example.com');
    const send = (subject: string) =>
      alice.call('SendMessages', { message: [{ recipient: ['bob@example.com'], subject, content: text('hello') }] });
    const statusOf = async (subject: string) => list<any>(list<any>((await send(subject)).result)[0].recipientResult)[0];

    // A limit: one message an hour for alice; the second is refused with the limit, the use and the reset.
    t.like((await op.call('SetLimit', { scope: 'account', subject: 'alice@example.com', name: 'messages.hour', value: '1' })).limit, {
      scope: 'account',
      subject: 'alice@example.com',
      name: 'messages.hour',
      value: '1',
    });
    await send('first');
    t.is(await code(send('second')), 'POL7001');
    t.deepEqual(
      list<any>((await op.call('ListLimits', {})).limit).map((l) => [l.scope, l.subject, l.name, l.value]),
      [['account', 'alice@example.com', 'messages.hour', '1']],
    );
    t.true((await op.call('RemoveLimit', { scope: 'account', subject: 'alice@example.com', name: 'messages.hour' })).removed);

    // A system filter: subjects matching *lottery* are refused at every inbox (POL7007).
    const { id } = await op.call('AddFilter', { criteria: { subject: '*lottery*' }, treatment: 'reject' });
    t.like(await statusOf('win the lottery'), { status: 'failed', errorCode: 'POL7007' });
    t.like(await statusOf('lunch?'), { status: 'queued' });
    t.like(list<any>((await op.call('ListFilters', {})).filter)[0], { criteria: { subject: '*lottery*' }, treatment: 'reject' });
    t.true((await op.call('RemoveFilter', { id })).removed);

    // A switch: submission off for the domain refuses every send with POL7008, until it is on again.
    t.true((await op.call('SetSwitch', { kind: 'submission', scope: 'domain', subject: 'example.com', on: false })).changed);
    t.is(await code(send('during')), 'POL7008');
    t.deepEqual(
      list<any>((await op.call('ListSwitches', {})).switch).map((s) => [s.kind, s.scope, s.subject, s.setBy]),
      [['submission', 'domain', 'example.com', 'operator']],
    );
    await op.call('SetSwitch', { kind: 'submission', scope: 'domain', subject: 'example.com', on: true });
    t.like(await statusOf('after'), { status: 'queued' });

    const log = list<any>((await op.call('GetAuditLog', { actor: admin.address })).entry).map((e) => [e.action, e.target, e.outcome]);
    t.deepEqual(log, [
      ['SetLimit', 'account alice@example.com', 'ok'],
      ['RemoveLimit', 'account alice@example.com', 'ok'],
      ['AddFilter', 'system', 'ok'],
      ['RemoveFilter', 'system', 'ok'],
      ['SetSwitch', 'domain example.com', 'ok'],
      ['SetSwitch', 'domain example.com', 'ok'],
    ]);

    const user = await clientFactories[stack](`${gateway.url}/wsi/Administration?wsdl`, 'alice@example.com');
    for (const [operation, args] of [
      ['SetLimit', { scope: 'system', name: 'messages.hour', value: '9' }],
      ['ListLimits', {}],
      ['AddFilter', { criteria: { subject: 'x' }, treatment: 'discard' }],
      ['SetSwitch', { kind: 'delivery', scope: 'service', on: false }],
    ] as const)
      t.is(await code(user.call(operation, args)), 'POL1005', operation);
  });
}

test('ListGroups, CloseGroup and SetPublicChat: the operator lists open groups, closes one, switches public chat; audited', async (t) => {
  const gateway = await startTestGateway({ accounts: [admin, 'alice', 'bob'] });
  t.teardown(() => gateway.stop());
  const op = await clientFactories['node-soap'](`${gateway.url}/wsi/Administration?wsdl`, admin.address);
  const groupsAs = (who: string) => clientFactories['node-soap'](`${gateway.url}/wsi/Groups?wsdl`, who);
  const opGroups = await groupsAs(admin.address);
  const alice = await groupsAs('alice@example.com');
  const lobby = (await opGroups.call('CreateGroup', { name: 'Lobby', visibility: 'public', properties: { topic: 'chess' } })).group.groupId;
  const family = (await alice.call('CreateGroup', { name: 'Family', access: 'open' })).group.groupId;

  const names = async (args: object) => list<any>((await op.call('ListGroups', args)).group).map((g) => [g.name, g.visibility]);
  t.deepEqual(await names({}), [['Lobby', 'public']]);
  t.deepEqual(await names({ includePrivate: true }), [
    ['Family', 'private'],
    ['Lobby', 'public'],
  ]);
  t.deepEqual(await names({ query: 'CHESS' }), [['Lobby', 'public']]);

  t.true((await op.call('CloseGroup', { groupId: family, reason: 'spam' })).closed);
  t.is(await code(alice.call('GetGroup', { groupId: family })), 'SVC5001');

  t.false((await op.call('SetPublicChat', { enabled: false })).enabled);
  t.is(await code(alice.call('JoinGroup', { groupId: lobby, screenName: 'Al' })), 'POL5009');
  t.true((await op.call('SetPublicChat', { enabled: true })).enabled);

  const log = list<any>((await op.call('GetAuditLog', {})).entry).map((e) => [e.action, e.target ?? '', e.outcome]);
  t.deepEqual(log, [
    ['CloseGroup', family, 'ok'],
    ['SetPublicChat', '', 'ok'],
    ['SetPublicChat', '', 'ok'],
  ]);
  const user = await clientFactories['node-soap'](`${gateway.url}/wsi/Administration?wsdl`, 'bob@example.com');
  t.is(await code(user.call('ListGroups', {})), 'POL1005');
});
