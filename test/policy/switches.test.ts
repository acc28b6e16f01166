// Switches (PP-10, PP-11, PP2-32; docs/operations.md "Switches"): submission refused with POL7008 while off;
// delivery held while off, the messages kept and delivered once it is back on; a user's own pause; reports
// held back during an outage.
import test from 'ava';
import { list, text } from '../helpers/clients.js';
import { startTestGateway } from '../helpers/gateway.js';
import { filledFault, localOperator, operatorOf, policyClient } from '../helpers/policy.js';
import { send, stacks, userOf } from '../helpers/social.js';

test('submission off (account, domain, service): sends refused with POL7008 saying where; on again, accepted', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gw.stop());
  const policy = await operatorOf(gw, t.teardown);
  const [alice, bob] = [await userOf(gw, 'alice'), await userOf(gw, 'bob')];
  for (const [scope, subject, place] of [
    ['account', 'alice@example.com', 'account alice@example.com'],
    ['domain', 'example.com', 'domain example.com'],
    ['service', undefined, 'the whole service'],
  ] as const) {
    t.true(await policy.setSwitch(localOperator, 'submission', scope, subject, false));
    const error = await t.throwsAsync(send(alice, ['bob@example.com'], 'hi'));
    t.deepEqual(filledFault(error), {
      messageId: 'POL7008',
      text: `Message submission is switched off by the operator for ${place}: try again later`,
    });
    t.false((await (await policyClient(gw, 'alice')).call('GetQuotaStatus', {})).submissionAllowed);
    t.true(await policy.setSwitch(localOperator, 'submission', scope, subject, true));
  }
  await send(alice, ['bob@example.com'], 'after');
  t.deepEqual(
    (await bob.inbox()).map((m) => m.text),
    ['after'],
  );
});

test('delivery off for a domain: messages are kept, not handed out, and delivered when it is back on', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gw.stop());
  const policy = await operatorOf(gw, t.teardown);
  const [alice, bob] = [await userOf(gw, 'alice'), await userOf(gw, 'bob')];
  await policy.setSwitch(localOperator, 'delivery', 'domain', 'example.com', false);
  t.deepEqual(await send(alice, ['bob@example.com'], 'kept'), [{ address: 'bob@example.com', status: 'queued', errorCode: undefined }]);
  t.deepEqual(await bob.inbox(), []);
  t.is((await (await policyClient(gw, 'bob')).call('GetQuotaStatus', {})).delivery, 'heldByOperator');
  await policy.setSwitch(localOperator, 'delivery', 'domain', 'example.com', true);
  t.deepEqual(
    (await bob.inbox()).map((m) => m.text),
    ['kept'],
  );
});

test('a message held past its validity expires, and its sender hears so', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob'], settings: { 'sweep-interval-ms': 50 } });
  t.teardown(() => gw.stop());
  const policy = await operatorOf(gw, t.teardown);
  const [alice, bob] = [await userOf(gw, 'alice'), await userOf(gw, 'bob')];
  await policy.setSwitch(localOperator, 'delivery', 'account', 'bob@example.com', false);
  await alice.im.call('SendMessages', {
    message: [{ recipient: ['bob@example.com'], content: text('late'), validitySeconds: 1, deliveryReport: true }],
  });
  const [report] = await alice.notices('deliveryReport', 5);
  t.is(report?.status, 'expired');
  await policy.setSwitch(localOperator, 'delivery', 'account', 'bob@example.com', true);
  t.deepEqual(await bob.inbox(), []);
});

for (const stack of stacks) {
  test(`a user pauses and resumes their own delivery (PP-11) over the Policy service (${stack})`, async (t) => {
    const gw = await startTestGateway({ accounts: ['alice', 'bob'] });
    t.teardown(() => gw.stop());
    const [alice, bob] = [await userOf(gw, 'alice', stack), await userOf(gw, 'bob', stack)];
    const bobPolicy = await policyClient(gw, 'bob', stack);
    t.is((await bobPolicy.call('PauseDelivery', {})).delivery, 'pausedByYou');
    await send(alice, ['bob@example.com'], 'while paused');
    t.deepEqual(await bob.inbox(), []);
    t.is((await bobPolicy.call('ResumeDelivery', {})).delivery, 'on');
    t.deepEqual(
      (await bob.inbox()).map((m) => m.text),
      ['while paused'],
    );
    const status = await bobPolicy.call('GetQuotaStatus', {});
    t.deepEqual([list(status.quota), String(status.submissionAllowed), status.delivery], [[], 'true', 'on']);
  });
}

test('reports off for a destination: its expired messages send no report; other destinations still do', async (t) => {
  const gw = await startTestGateway({ accounts: ['alice', 'bob', 'carol'], settings: { 'sweep-interval-ms': 50 } });
  t.teardown(() => gw.stop());
  const policy = await operatorOf(gw, t.teardown);
  const alice = await userOf(gw, 'alice');
  await policy.setSwitch(localOperator, 'reports', 'destination', 'bob@example.com', false);
  for (const to of ['bob@example.com', 'carol@example.com'])
    await alice.im.call('SendMessages', { message: [{ recipient: [to], content: text('x'), validitySeconds: 1, deliveryReport: true }] });
  const [report] = await alice.notices('deliveryReport', 5);
  t.deepEqual([report?.address, report?.status], ['carol@example.com', 'expired']);
  // Both expired; only carol's was reported.
  await policy.setSwitch(localOperator, 'reports', 'service', undefined, false);
  await alice.im.call('SendMessages', {
    message: [{ recipient: ['carol@example.com'], content: text('y'), validitySeconds: 1, deliveryReport: true }],
  });
  t.deepEqual(await alice.notices('deliveryReport', 2), []);
});
