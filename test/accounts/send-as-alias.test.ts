// Sending as an alias (PP2-24, 25; docs/accounts.md): the recipient sees the alias and never the real
// address, a reply to the alias reaches the sender, someone else's alias is POL6009 with nothing stored, and a
// block of the real user holds whatever alias they send as. Real SOAP clients generated from the served WSDLs.
import test from 'ava';
import { clientFactories, faultOf, list, text } from '../helpers/clients.js';
import { userOf } from '../helpers/social.js';
import { password, startTestGateway } from '../helpers/gateway.js';
import { accountsOf, imOf } from './accounts-clients.js';

const address = (name: string) => `${name}@example.com`;

for (const [stack, clientOf] of Object.entries(clientFactories)) {
  test(`the recipient sees only the alias, and a reply to it reaches the sender (${stack})`, async (t) => {
    const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
    t.teardown(() => gateway.stop());
    await (await accountsOf(gateway, address('alice'), password(address('alice')))).call('AddAlias', { alias: 'Masked@example.com' });
    const alice = await clientOf(gateway.wsdlUrl, address('alice'));
    const bob = await clientOf(gateway.wsdlUrl, address('bob'));

    const sent = await alice.call('SendMessages', {
      message: [{ recipient: ['bob@example.com'], content: text('guess who'), deliveryReport: true, sendAs: 'masked@example.com' }],
    });
    t.is(list<any>(list<any>(sent.result)[0].recipientResult)[0].status, 'queued');
    const got = await bob.call('GetMessages', {});
    const [received] = list<any>(got.message);
    t.is(received.sender, 'masked@example.com');
    t.false(JSON.stringify(got).includes('alice@example.com'), 'the real address appears nowhere in what bob reads');
    await bob.call('AckMessages', { ackToken: got.ackToken });

    await bob.call('SendMessages', { message: [{ recipient: [received.sender], content: text('it is you') }] });
    const replies = list<any>((await alice.call('GetMessages', {})).message).filter((m) => m.content !== undefined && !m.notification);
    const reply = replies.find((m) => m.sender === 'bob@example.com');
    t.truthy(reply, JSON.stringify(replies));
    t.deepEqual(list(reply.recipient), ['masked@example.com']);
  });
}

test("sending as someone else's alias, a retired alias or a non-address is POL6009, and nothing is stored", async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice', 'bob', 'carol'] });
  t.teardown(() => gateway.stop());
  const carolAccounts = await accountsOf(gateway, address('carol'), password(address('carol')));
  await carolAccounts.call('AddAlias', { alias: 'carols-mask@example.com' });
  const aliceAccounts = await accountsOf(gateway, address('alice'), password(address('alice')));
  await aliceAccounts.call('AddAlias', { alias: 'gone@example.com' });
  await aliceAccounts.call('RetireAlias', { alias: 'gone@example.com' });
  const alice = await imOf(gateway, address('alice'), password(address('alice')));
  for (const sendAs of ['carols-mask@example.com', 'carol@example.com', 'gone@example.com', 'not an address', 'nobody@example.com']) {
    const error = await t.throwsAsync(
      alice.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text('x'), sendAs }] }),
    );
    t.is(faultOf(error).messageId, 'POL6009', sendAs);
  }
  const bob = await imOf(gateway, address('bob'), password(address('bob')));
  t.deepEqual(list((await bob.call('GetMessages', {})).message), [], 'nothing stored');
  // Sending as one's own address is the same as not saying.
  await alice.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text('plain'), sendAs: 'alice@example.com' }] });
  t.is(list<any>((await bob.call('GetMessages', {})).message)[0].sender, 'alice@example.com');
});

test('a block of the real user holds when they send as an alias; the attempted-contact notice shows the alias', async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  await (await accountsOf(gateway, address('alice'), password(address('alice')))).call('AddAlias', { alias: 'masked@example.com' });
  const bob = await userOf(gateway, 'bob');
  await bob.contacts.call('UpdateSettings', { notifyAttemptedContacts: true });
  await bob.contacts.call('BlockUser', { user: 'alice' });
  const alice = await imOf(gateway, address('alice'), password(address('alice')));
  const sent = await alice.call('SendMessages', {
    message: [{ recipient: ['bob@example.com'], content: text('let me in'), sendAs: 'masked@example.com' }],
  });
  t.is(list<any>(list<any>(sent.result)[0].recipientResult)[0].errorCode, 'POL3001');
  t.deepEqual(
    (await bob.notices()).map((n) => [n.type, n.address, n.reason]),
    [['attemptedContact', 'masked@example.com', 'blocked']],
  );
});
