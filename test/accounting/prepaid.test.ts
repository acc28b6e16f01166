// Prepaid (PP2-7, docs/operations.md "Prepaid"): SendMessages reserves its price on the balance, the charge
// commits with the stored messages, and a request the balance cannot pay is refused whole (POL9001) with
// nothing stored. A batch consumer that runs dry mid-batch keeps everything it already paid for.
import test from 'ava';
import { faultOf, list, text } from '../helpers/clients.js';
import { faultCode, faultVariables, groupUserOf } from '../groups/group-user.js';
import { startTestGateway } from '../helpers/gateway.js';
import { userOf } from '../helpers/social.js';

test('a prepaid sender that runs dry mid-batch: what was paid for is stored and charged, the rest refused and not stored', async (t) => {
  const gateway = await startTestGateway({ accounts: ['game', 'bob', 'carol'] });
  t.teardown(() => gateway.stop());
  const game = (await gateway.store.accounts.findByAddress('game@example.com'))!;
  // 2 per message + 1 per recipient: a message to Bob and Carol costs 4; the balance pays for two and a half.
  await gateway.store.charging.saveTerms(
    game.id,
    { subscriberId: null, payment: 'prepaid', balance: 10, perMessage: 2, perRecipient: 1, perKilobyte: 0 },
    Date.now(),
  );
  const [sender, bob] = await Promise.all([userOf(gateway, 'game'), userOf(gateway, 'bob')]);

  const answers: string[] = [];
  for (let i = 1; i <= 4; i++) {
    try {
      await sender.im.call('SendMessages', {
        message: [{ recipient: ['bob@example.com', 'carol@example.com'], content: text(`move ${i}`) }],
      });
      answers.push('stored');
    } catch (error) {
      answers.push(faultOf(error).messageId);
    }
  }
  t.deepEqual(answers, ['stored', 'stored', 'POL9001', 'POL9001']);
  t.deepEqual(
    (await bob.inbox()).map((m) => m.text),
    ['move 1', 'move 2'],
    'the paid messages arrived, the refused ones were not stored',
  );
  t.is((await gateway.store.charging.terms(game.id))!.balance, 2, 'exactly the two stored messages were charged');
  const sent = (await gateway.store.usage.page({ afterId: 0, since: undefined, until: undefined }, Number.MAX_SAFE_INTEGER, 100)).filter(
    (r) => r.event === 'message-sent',
  );
  t.deepEqual(
    sent.map((r) => r.charge),
    [4, 4],
  );

  // A request of several messages is paid whole or not at all: 2 left cannot pay 3 + 3.
  const both = {
    message: [
      { recipient: ['bob@example.com'], content: text('a') },
      { recipient: ['bob@example.com'], content: text('b') },
    ],
  };
  t.is(await faultCode(sender.im.call('SendMessages', both)), 'POL9001');
  t.deepEqual(await faultVariables(sender.im.call('SendMessages', both)), ['6', 'game@example.com', '2']);
  t.deepEqual(await bob.inbox(), []);

  // Topped up, it sends again.
  await gateway.store.charging.saveTerms(
    game.id,
    { subscriberId: null, payment: 'prepaid', balance: 5, perMessage: 2, perRecipient: 1, perKilobyte: 0 },
    Date.now(),
  );
  const ok = await sender.im.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text('again') }] });
  t.is(list(ok.result).length, 1);
  t.is((await gateway.store.charging.terms(game.id))!.balance, 2);
});

test('a postpaid account is never refused: its records just accumulate the price', async (t) => {
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  t.teardown(() => gateway.stop());
  const alice = (await gateway.store.accounts.findByAddress('alice@example.com'))!;
  await gateway.store.charging.saveTerms(
    alice.id,
    { subscriberId: null, payment: 'postpaid', balance: 0, perMessage: 5, perRecipient: 0, perKilobyte: 1 },
    Date.now(),
  );
  const sender = await userOf(gateway, 'alice');
  await sender.im.call('SendMessages', { message: [{ recipient: ['bob@example.com'], content: text('x'.repeat(1500)) }] });
  const [record] = await gateway.store.usage.page({ afterId: 0, since: undefined, until: undefined }, Number.MAX_SAFE_INTEGER, 1);
  t.is(record!.charge, 5 + 2, 'per message plus two started kilobytes');
  t.is((await gateway.store.charging.terms(alice.id))!.balance, 0);
});

test('a group message is charged the same way: a prepaid member that runs dry gets POL9001 and the group hears nothing', async (t) => {
  const gateway = await startTestGateway({ accounts: ['ann', 'ben'] });
  t.teardown(() => gateway.stop());
  const [ann, ben] = await Promise.all([groupUserOf(gateway, 'ann'), groupUserOf(gateway, 'ben')]);
  const { group } = await ann.groups.call('CreateGroup', { name: 'Chess', access: 'open' });
  await ben.groups.call('JoinGroup', { groupId: group.groupId });
  await ben.inbox();
  const annId = (await gateway.store.accounts.findByAddress('ann@example.com'))!.id;
  await gateway.store.charging.saveTerms(
    annId,
    { subscriberId: null, payment: 'prepaid', balance: 2, perMessage: 1, perRecipient: 1, perKilobyte: 0 },
    Date.now(),
  );
  await ann.say(group.groupId, 'e4');
  t.is(await faultCode(ann.say(group.groupId, 'e5')), 'POL9001');
  t.deepEqual(
    (await ben.inbox()).map((m) => m.text),
    ['e4'],
  );
  t.is((await gateway.store.charging.terms(annId))!.balance, 0);
});
