import test from 'ava';
import { decode, list, nodeSoapClient, text } from '../helpers/clients.js';
import { link, startDomain } from '../helpers/federation.js';

test('smoke', async (t) => {
  const a = await startDomain('a.example', ['alice']);
  const b = await startDomain('b.example', ['bob']);
  t.teardown(() => Promise.all([a.stop(), b.stop()]));
  await link({ ...a, domain: 'a.example' }, { ...b, domain: 'b.example' });
  const alice = await nodeSoapClient(a.wsdlUrl, 'alice@a.example');
  const bob = await nodeSoapClient(b.wsdlUrl, 'bob@b.example');
  const sent = await alice.call('SendMessages', { message: [{ recipient: ['bob@b.example', 'nobody@c.example'], content: text('hi bob'), deliveryReport: true }] });
  console.log(JSON.stringify(sent));
  const got = await bob.call('GetMessages', { waitSeconds: 5 });
  console.log(JSON.stringify(got));
  t.is(decode(list(got.message)[0].content), 'hi bob');
  await bob.call('AckMessages', { ackToken: got.ackToken });
  const report = await alice.call('GetMessages', { waitSeconds: 5 });
  console.log(JSON.stringify(report));
  const st = await alice.call('GetDeliveryStatus', { messageId: list(sent.result)[0].messageId });
  console.log(JSON.stringify(st));
});
