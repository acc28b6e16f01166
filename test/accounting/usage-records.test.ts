// Usage records (PP2-6, GO-3; docs/operations.md "Usage records"): every chargeable event a real gateway
// serves over SOAP leaves its record, written in the event's own unit of work, with the OMA fields filled.
import test from 'ava';
import { faultOf, text } from '../helpers/clients.js';
import { password, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { until } from '../helpers/federation.js';
import { userOf } from '../helpers/social.js';
import { groupUserOf } from '../groups/group-user.js';
import type { UsageRecord } from '../../src/modules/accounting/index.js';

const everything = { afterId: 0, since: undefined, until: undefined };

async function records(gateway: TestGateway): Promise<UsageRecord[]> {
  return gateway.store.usage.page(everything, await gateway.store.usage.settledHighWater(), 10_000);
}

const ofEvent = (all: readonly UsageRecord[], event: string) => all.filter((r) => r.event === event);

test('Alice sends to Bob, Carol and a stranger, Bob reads it: one SENDING, two copies, one RETRIEVAL', async (t) => {
  const gateway = await startTestGateway({
    accounts: [{ address: 'alice@example.com', password: password('alice@example.com'), msisdn: '+15550100001' }, 'bob', 'carol'],
  });
  t.teardown(() => gateway.stop());
  const [alice, bob] = await Promise.all([userOf(gateway, 'alice'), userOf(gateway, 'bob')]);
  const [sent] = (
    await alice.im.call('SendMessages', {
      message: [
        {
          recipient: ['bob@example.com', 'carol@example.com', 'nobody@example.com'],
          contentType: 'text/plain',
          content: text('hello all'),
        },
      ],
    })
  ).result as { messageId: string }[];
  const messageId = sent!.messageId;
  const afterSend = await records(gateway);
  const [record] = ofEvent(afterSend, 'message-sent');
  t.like(record, {
    correlationId: messageId,
    serviceType: 'SENDING',
    chargedParty: 'alice@example.com',
    subscriber: { id: '+15550100001', type: 'E164' },
    contentType: 'text/plain',
    sizeBytes: 9,
    sentCount: 1,
    sentOk: 1,
    explodedCount: 3,
    explodedOk: 2,
  });
  t.deepEqual(record!.otherParties, ['bob@example.com', 'carol@example.com', 'nobody@example.com']);
  const copies = ofEvent(afterSend, 'message-exploded');
  t.deepEqual(
    copies.map((c) => [c.serviceType, c.chargedParty, c.correlationId, c.otherParties.join()]),
    [
      ['RECEIVING', 'bob@example.com', messageId, 'alice@example.com'],
      ['RECEIVING', 'carol@example.com', messageId, 'alice@example.com'],
    ],
  );
  t.is(ofEvent(afterSend, 'delivery').length, 0, 'nothing is delivered before Bob acknowledges');

  await bob.inbox();
  const [delivery] = ofEvent(await records(gateway), 'delivery');
  t.like(delivery, {
    serviceType: 'RETRIEVAL',
    chargedParty: 'bob@example.com',
    correlationId: messageId,
    outcome: 'delivered',
    sizeBytes: 9,
  });
});

test('a request refused whole (SVC0004) leaves no usage record', async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice'] });
  t.teardown(() => gateway.stop());
  const alice = await userOf(gateway, 'alice');
  const error = await alice.im
    .call('SendMessages', { message: [{ recipient: ['nobody@example.com'], content: text('x') }] })
    .catch((e) => e);
  t.is(faultOf(error).messageId, 'SVC0004');
  t.deepEqual(await records(gateway), []);
});

test('a message that expires unread leaves an expiry record; the operator sets the subscriber id (GO-3)', async (t) => {
  let now = Date.now();
  const gateway = await startTestGateway({
    accounts: ['alice', 'bob'],
    clock: () => now,
    settings: { 'sweep-interval-ms': 20, 'created-window-seconds': 86_400 },
  });
  t.teardown(() => gateway.stop());
  await gateway.store.charging.saveTerms(
    (await gateway.store.accounts.findByAddress('bob@example.com'))!.id,
    { subscriberId: 'CUST-0042', payment: 'postpaid', balance: 0, perMessage: 0, perRecipient: 0, perKilobyte: 0 },
    now,
  );
  const alice = await userOf(gateway, 'alice');
  await alice.im.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text('soon gone'), validitySeconds: 60 }] });
  now += 120_000;
  const expiry = await until(async () => ofEvent(await records(gateway), 'expiry')[0], 'the expiry record');
  t.like(expiry, {
    serviceType: 'RETRIEVAL',
    chargedParty: 'bob@example.com',
    subscriber: { id: 'CUST-0042', type: 'PRIVATE' },
    outcome: 'expired',
    explodedOk: 0,
  });
});

test('a group session: opened, members joined, a group message and its copy, left, closed; and a presence publication', async (t) => {
  const gateway = await startTestGateway({ accounts: ['ann', 'ben'] });
  t.teardown(() => gateway.stop());
  const [ann, ben] = await Promise.all([groupUserOf(gateway, 'ann'), groupUserOf(gateway, 'ben')]);
  const { group } = await ann.groups.call('CreateGroup', { name: 'Chess', access: 'open' });
  await ben.groups.call('JoinGroup', { groupId: group.groupId });
  await ann.say(group.groupId, 'your move');
  await ben.groups.call('LeaveGroup', { groupId: group.groupId });
  await ann.groups.call('CloseGroup', { groupId: group.groupId });
  await ann.presence.call('PublishPresence', { availability: 'available' });
  const all = await records(gateway);
  t.deepEqual(
    all.map((r) => [r.event, r.serviceType, r.chargedParty]),
    [
      ['group-opened', 'INVITING', 'ann@example.com'],
      ['member-joined', 'JOINING', 'ben@example.com'],
      ['message-sent', 'SENDING', 'ann@example.com'],
      ['message-exploded', 'RECEIVING', 'ben@example.com'],
      ['member-left', 'LEAVING', 'ben@example.com'],
      ['group-closed', 'LEAVING', 'ann@example.com'],
      ['presence-published', 'SENDING', 'ann@example.com'],
    ],
  );
  t.true([0, 1, 4, 5].every((i) => all[i]!.correlationId === group.groupId));
});
