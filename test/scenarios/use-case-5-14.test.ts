// Use case 5.14, "Interoperation between wireless and wired IM services": Client A on Server A and Client B
// on Server B talk without knowing they are on different servers; Server A routes to Client B via Server B.
import test from 'ava';
import { decode, list, nodeSoapClient, text } from '../helpers/clients.js';
import { collect, link, startDomain, statusOf, until } from '../helpers/federation.js';

test('5.14: Anna on a.example invites Ben on b.example, Ben accepts and answers, each sees the other by address', async (t) => {
  // 1. Each client connects to its home server; the servers are connected (the pre-condition).
  const serverA = await startDomain('a.example', ['anna']);
  const serverB = await startDomain('b.example', ['ben']);
  t.teardown(() => Promise.all([serverA.stop(), serverB.stop()]));
  await link({ ...serverA, domain: 'a.example' }, { ...serverB, domain: 'b.example' });
  await link({ ...serverB, domain: 'b.example' }, { ...serverA, domain: 'a.example' });
  const anna = await nodeSoapClient(serverA.wsdlUrl, 'anna@a.example');
  const ben = await nodeSoapClient(serverB.wsdlUrl, 'ben@b.example');

  // 5-7. Anna enters Ben's address, composes an invitation and submits it to Server A.
  const sent = await anna.call('SendMessages', {
    message: [{ recipient: ['ben@b.example'], subject: 'invite', content: text('Chat about the concert?'), deliveryReport: true }],
  });
  const invitationId = list<any>(sent.result)[0].messageId;

  // 8. Server A routes the message to Ben via Server B.
  const [invitation] = await collect(ben, 1);
  t.is(invitation!.sender, 'anna@a.example');
  t.is(decode(invitation!.content), 'Chat about the concert?');

  // 9. Ben accepts and responds, to Anna's address as it appeared.
  await ben.call('SendMessages', { message: [{ recipient: [invitation!.sender], content: text('Yes, gladly!') }] });
  const answers = await collect(anna, 2);
  const answer = answers.find((m) => m.kind === 'message');
  t.is(answer?.sender, 'ben@b.example');
  t.is(decode(answer!.content), 'Yes, gladly!');

  // Anna's server knows the invitation reached Ben (the report crossed back from Server B).
  const report = answers.find((m) => m.kind === 'notification');
  t.like(report?.notification, { type: 'deliveryReport', messageId: invitationId, status: 'delivered' });
  t.is(await until(async () => (await statusOf(anna, invitationId))['ben@b.example'], 'status'), 'delivered');
});
