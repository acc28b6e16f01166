// The consumer username adapter (Appendix B; WSI-11, WSI-35): a consumer's directory, bare names in its
// SendMessages, sub-addressing, and the sender's username on what reaches the consumer's inbox.
import test from 'ava';
import { decode, faultOf, list, nodeSoapClient, text } from '../helpers/clients.js';
import { collect, link, startDomain, linkedDomains } from '../helpers/federation.js';
import { password } from '../helpers/gateway.js';

const consumer = (address: string) => ({ address, password: password(address), role: 'consumer' as const });

test('a consumer manages its directory in bulk and reads it in pages; other roles get POL1005', async (t) => {
  const a = await startDomain('a.example', ['alice', consumer('game@a.example')]);
  t.teardown(() => a.stop());
  const wsdl = `${a.url}/wsi/Directory?wsdl`;
  const game = await nodeSoapClient(wsdl, 'game@a.example');
  const entries = ['carol', 'Bob', 'alice', 'dave'].map((name) => ({ username: `${name}Chess`, address: `${name}@Example.org` }));
  t.is((await game.call('SetDirectoryEntries', { entry: entries })).written, 4);

  const first = await game.call('GetDirectoryEntries', { maxEntries: 3 });
  t.deepEqual(
    list<any>(first.entry).map((e) => [e.username, e.address]),
    [
      ['alicechess', 'alice@example.org'],
      ['bobchess', 'bob@example.org'],
      ['carolchess', 'carol@example.org'],
    ],
  );
  t.is(Number(first.total), 4);
  const second = await game.call('GetDirectoryEntries', { maxEntries: 3, startAfter: first.nextStartAfter });
  t.deepEqual(
    list<any>(second.entry).map((e) => e.username),
    ['davechess'],
  );
  t.is(second.nextStartAfter, undefined);

  t.is((await game.call('RemoveDirectoryEntries', { username: ['DaveChess', 'nobody'] })).removed, 1);
  t.is(Number((await game.call('GetDirectoryEntries', {})).total), 3);
  t.is(
    faultOf(await t.throwsAsync(game.call('SetDirectoryEntries', { entry: [{ username: 'x', address: 'not-an-address' }] }))).messageId,
    'SVC4006',
  );
  const alice = await nodeSoapClient(wsdl, 'alice@a.example');
  t.is(faultOf(await t.throwsAsync(alice.call('GetDirectoryEntries', {}))).messageId, 'POL1005');
});

test("a consumer's bare names resolve through its directory, in any domain; an unknown name fails alone", async (t) => {
  const { a, b } = await linkedDomains(t, ['alice', consumer('game@a.example')], ['bob']);
  const directory = await nodeSoapClient(`${a.url}/wsi/Directory?wsdl`, 'game@a.example');
  await directory.call('SetDirectoryEntries', {
    entry: [
      { username: 'u1chess', address: 'alice@a.example' },
      { username: 'u2chess', address: 'bob@b.example' },
    ],
  });
  const game = await nodeSoapClient(a.wsdlUrl, 'game@a.example');

  const sent = await game.call('SendMessages', { message: [{ recipient: ['U1Chess', 'u2chess', 'ghost'], content: text('your move') }] });
  t.deepEqual(
    list<any>(list<any>(sent.result)[0].recipientResult).map((r) => [r.address, r.status, r.errorCode]),
    [
      ['alice@a.example', 'queued', undefined],
      ['bob@b.example', 'queued', undefined],
      ['ghost', 'failed', 'SVC4001'],
    ],
  );
  t.deepEqual(
    (await collect(await nodeSoapClient(a.wsdlUrl, 'alice@a.example'), 1)).map((m) => decode(m.content)),
    ['your move'],
  );
  t.deepEqual(
    (await collect(await nodeSoapClient(b.wsdlUrl, 'bob@b.example'), 1)).map((m) => decode(m.content)),
    ['your move'],
  );

  const alice = await nodeSoapClient(a.wsdlUrl, 'alice@a.example');
  const refused = await alice.call('SendMessages', { message: [{ recipient: ['u2chess', 'game@a.example'], content: text('x') }] });
  t.is(list<any>(list<any>(refused.result)[0].recipientResult)[0].errorCode, 'SVC2006', 'only consumers have a directory');
});

test('sub-addressing reaches the consumer with the target username, and the sender is named in its namespace', async (t) => {
  const a = await startDomain('a.example', ['alice', 'zed', consumer('game@a.example')]);
  const b = await startDomain('b.example', ['bob']);
  t.teardown(() => Promise.all([a.stop(), b.stop()]));
  await link({ ...b, domain: 'b.example' }, { ...a, domain: 'a.example' });
  const directory = await nodeSoapClient(`${a.url}/wsi/Directory?wsdl`, 'game@a.example');
  await directory.call('SetDirectoryEntries', {
    entry: [
      { username: 'u1chess', address: 'alice@a.example' },
      { username: 'u2chess', address: 'bob@b.example' },
    ],
  });

  await (await nodeSoapClient(a.wsdlUrl, 'alice@a.example')).call('SendMessages', {
    message: [{ recipient: ['game+u2chess@a.example'], content: text('good game') }],
  });
  await (await nodeSoapClient(b.wsdlUrl, 'bob@b.example')).call('SendMessages', {
    message: [{ recipient: ['game+u1chess@a.example'], content: text('rematch?') }],
  });
  await (await nodeSoapClient(a.wsdlUrl, 'zed@a.example')).call('SendMessages', {
    message: [{ recipient: ['game@a.example'], content: text('hi') }],
  });
  const game = await nodeSoapClient(a.wsdlUrl, 'game@a.example');
  const received = await collect(game, 3);
  const byText = Object.fromEntries(received.map((m) => [decode(m.content), [m.sender, m.senderUsername, m.targetUsername]]));
  t.deepEqual(byText, {
    'good game': ['alice@a.example', 'u1chess', 'u2chess'],
    'rematch?': ['bob@b.example', 'u2chess', 'u1chess'],
    hi: ['zed@a.example', undefined, undefined],
  });
  const unknown = await (await nodeSoapClient(a.wsdlUrl, 'alice@a.example')).call('SendMessages', {
    message: [{ recipient: ['alice+x@a.example', 'game+u2chess@a.example'], content: text('x') }],
  });
  t.is(list<any>(list<any>(unknown.result)[0].recipientResult)[0].errorCode, 'SVC2002', 'sub-addressing is for consumers only');
});
