// A group whose members live in a peer domain (issues 11 and 14), callable from the bench runner
// (`runGroupFederationBench`) or alone: node --import tsx bench/group-federation.ts [--members 100] [--rounds 5]
// One group at b1.example, its owner at b1 and N members at b2.example who joined from b2, two in-process
// gateways linked as peers over real SOAP. Measured: from SendGroupMessage at b1 until all N copies are stored
// at b2 (b1 queues one groupMessage event per remote member in the send's unit of work; its social forwarder
// sends them in batches; b2 stores each copy); then a burst of 20 messages, until all 20 x N copies are stored.
import { performance } from 'node:perf_hooks';
import { type BenchRow, client, formatRows, password, row } from './presence.js';
import { domains, numberFlag, until, watchers as accounts, withLinkedPair } from './presence-federation.js';

export async function runGroupFederationBench(
  options: { members?: number | undefined; rounds?: number | undefined } = {},
): Promise<BenchRow[]> {
  const count = options.members ?? 100;
  const rounds = options.rounds ?? 5;
  const burst = 20;
  return withLinkedPair('group-federation', async (b1, b2) => {
    const owner = `owner@${domains[0]}`;
    await b1.accounts.add({ address: owner, password });
    const groups = await client(b1, 'Groups', owner);
    const { group } = (await groups('CreateGroup', { name: 'Bench', screenName: 'Owner' })) as { group: { groupId: string } };
    const members = await accounts(b2, domains[1], count);
    await groups('InviteToGroup', { groupId: group.groupId, invitee: members });
    const qualified = `${group.groupId}@${domains[0]}`;
    await until(async () => (await b2.store.inbox.depth()) >= count, 'the invitations at b2');
    process.stderr.write(`  ${count} members at ${domains[1]} join ${qualified}\n`);
    let next = 0;
    const accept = async () => {
      while (next < members.length) {
        const i = next++;
        await (await client(b2, 'Groups', members[i]!))('AnswerInvitation', { groupId: qualified, accept: true, screenName: `M${i}` });
      }
    };
    await Promise.all(Array.from({ length: 8 }, accept));
    await until(async () => (await b1.store.groups.countMembers(group.groupId)) === count + 1, 'every member at b1');
    // The join notices cross too (each join to every member): wait until b1's queue is drained.
    await until(async () => (await b1.store.socialQueue.depth()) === 0, "b1's social queue drained");

    const say = (i: number) =>
      groups('SendGroupMessage', { groupId: group.groupId, content: Buffer.from(`message ${i}`).toString('base64') });
    const samples: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const before = await b2.store.inbox.depth();
      const started = performance.now();
      await say(round);
      await until(async () => (await b2.store.inbox.depth()) >= before + count, `round ${round} at b2`);
      samples.push(performance.now() - started);
    }
    const before = await b2.store.inbox.depth();
    const started = performance.now();
    for (let i = 0; i < burst; i++) await say(rounds + i);
    await until(async () => (await b2.store.inbox.depth()) >= before + burst * count, 'the burst at b2');
    const burstMs = performance.now() - started;
    return [
      row(`one group message at ${domains[0]} -> ${count} members at ${domains[1]} (until all stored)`, samples, count),
      row(
        `${burst} group messages back to back -> ${count} members at ${domains[1]} (until all ${burst * count} stored)`,
        [burstMs],
        burst * count,
      ),
    ];
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(
    formatRows(await runGroupFederationBench({ members: numberFlag('members'), rounds: numberFlag('rounds') }), 'group across domains') +
      '\n',
  );
}
