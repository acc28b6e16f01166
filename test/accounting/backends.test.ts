// The accounting and administration SQL on every storage backend (better-sqlite3, sqlite3, PostgreSQL;
// PostgreSQL skipped visibly where it is not reachable): records in the send's transaction, sizes read back,
// the settled high-water mark (an advisory lock on PostgreSQL), the prepaid debit, the statistics queries
// and the account search with a literal wildcard.
import test from 'ava';
import { list, nodeSoapClient, text } from '../helpers/clients.js';
import { backends, postgresAvailable } from '../helpers/backends.js';
import { password, startTestGateway } from '../helpers/gateway.js';

const pgUp = postgresAvailable();

for (const backend of backends) {
  test(`${backend.name}: usage records, prepaid, export pages, statistics and search`, async (t) => {
    if (backend.name === 'pg' && !(await pgUp)) {
      t.log('PostgreSQL is not reachable on 127.0.0.1:5432: skipped');
      t.false(await pgUp);
      return;
    }
    const database = await backend.create();
    const gateway = await startTestGateway({
      accounts: [
        { address: 'op@example.com', password: password('op@example.com'), role: 'admin' },
        'alice',
        'bob',
        { address: 'game_1@example.com', password: password('game_1@example.com'), role: 'consumer' },
      ],
      settings: database.settings,
    });
    t.teardown(async () => {
      await gateway.stop();
      await database.drop();
    });
    const op = await nodeSoapClient(`${gateway.url}/wsi/Administration?wsdl`, 'op@example.com');
    await op.call('SetCharging', { address: 'game_1@example.com', payment: 'prepaid', perMessage: 1, perRecipient: 1, balance: 5 });
    const game = await nodeSoapClient(gateway.wsdlUrl, 'game_1@example.com');
    const bob = await nodeSoapClient(gateway.wsdlUrl, 'bob@example.com');
    const send = (words: string) =>
      game.call('SendMessages', { message: [{ recipient: ['alice@example.com', 'bob@example.com'], content: text(words) }] });
    await send('first');
    const refused = await send('second').then(
      () => 'stored',
      (e: any) => String(e?.root?.Envelope?.Body?.Fault?.detail?.PolicyException?.messageId ?? e?.message),
    );
    t.regex(refused, /POL9001/);
    const batch = await bob.call('GetMessages', {});
    await bob.call('AckMessages', { ackToken: batch.ackToken });

    const page = await op.call('ExportUsage', { pageSize: 2 });
    const rest = await op.call('ExportUsage', { afterId: page.nextAfterId });
    const records = [...list<any>(page.record), ...list<any>(rest.record)];
    t.deepEqual(
      records.map((r) => [r.event, r.chargedParty, Number(r.charge)]),
      [
        ['message-sent', 'game_1@example.com', 3],
        ['message-exploded', 'alice@example.com', 0],
        ['message-exploded', 'bob@example.com', 0],
        ['delivery', 'bob@example.com', 0],
      ],
    );
    t.is(Number(records[3].sizeBytes), 5, 'the delivered size is read back from the message');
    t.is(Number((await op.call('GetAccount', { address: 'game_1@example.com' })).charging.balance), 2);

    const { statistics } = await op.call('GetStatistics', {});
    t.is(Number(statistics.accounts), 4);
    t.deepEqual(
      list<any>(statistics.consumerTraffic).map((r) => [r.name, Number(r.messages)]),
      [['game_1@example.com', 1]],
    );
    t.deepEqual(
      list<any>(statistics.deepestInbox).map((d) => [d.address, Number(d.depth)]),
      [['alice@example.com', 1]],
    );
    t.deepEqual(
      list<any>((await op.call('SearchAccounts', { text: 'game_' })).account).map((a) => a.address),
      ['game_1@example.com'],
    );
    t.deepEqual(list((await op.call('SearchAccounts', { text: 'e_1' })).account).length, 1);
    t.deepEqual(list((await op.call('SearchAccounts', { text: 'a_' })).account), [], '_ matches itself only');
  });
}
