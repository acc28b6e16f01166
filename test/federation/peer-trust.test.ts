// Peer trust (5.14): a peer account speaks only for the domains bound to it, so it can never forge a sender
// in a domain it does not own; what it forwards shows the original sender in the recipient's inbox.
import test from 'ava';
import { decode, faultOf, nodeSoapClient, text } from '../helpers/clients.js';
import { addPeer, collect, startDomain } from '../helpers/federation.js';

test('a peer account forwards as senders of its own domain only; forged sender domains get POL4001', async (t) => {
  const b = await startDomain('b.example', ['bob', 'mallory', 'peer-a']);
  t.teardown(() => b.stop());
  await addPeer({ ...b, domain: 'b.example' }, { domain: 'a.example', inboundAccount: 'peer-a@b.example' });
  const peer = await nodeSoapClient(b.wsdlUrl, 'peer-a@b.example');
  const bob = await nodeSoapClient(b.wsdlUrl, 'bob@b.example');
  const mallory = await nodeSoapClient(b.wsdlUrl, 'mallory@b.example');
  const send = (client: typeof peer, originator: string) =>
    client.call('SendMessages', { message: [{ recipient: ['bob@b.example'], content: text(`as ${originator}`), originator }] });

  await send(peer, 'Alice@A.example');
  const [received] = await collect(bob, 1);
  t.is(received!.sender, 'alice@a.example', 'the original sender, not the peer account');
  t.is(decode(received!.content), 'as Alice@A.example');

  t.is(faultOf(await t.throwsAsync(send(peer, 'eve@c.example'))).messageId, 'POL4001', 'a domain the peer does not own');
  t.is(faultOf(await t.throwsAsync(send(peer, 'bob@b.example'))).messageId, 'POL4001', 'a domain hosted here');
  t.is(faultOf(await t.throwsAsync(send(mallory, 'alice@a.example'))).messageId, 'POL4001', 'an account that is no peer');
  t.is(faultOf(await t.throwsAsync(send(peer, 'not an address'))).messageId, 'SVC2003');
  t.deepEqual(await collect(bob, 1, 1), [], 'nothing refused was stored');
});
