// Groups benchmark, callable from the bench runner (`runGroupsBench`, `groupsTable`) or alone:
//   node --import tsx bench/groups.ts [--members 1000] [--rounds 20] [--room 100] [--senders 20] [--rate 5] [--seconds 10]
// (a) Fan-out: SendGroupMessage to a group of N members. The call returns only after the message and all N
//     inbox entries are committed, so its round trip is "time until every inbox holds it"; copies/s follows.
// (b) Room traffic: a room of M members, S of them sending at a sustained rate each, 5 members long-polling
//     GetMessages (acknowledging each batch with the next poll); measured is send -> receive at those pollers
//     and the delivered copies per second (messages sent x (M - 1) / elapsed).
// A real gateway on a temp SQLite file, called over HTTP with node soap and a WS-Security UsernameToken.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as soap from 'soap';
import { configWith } from '../src/platform/config.js';
import { startGateway, type Gateway } from '../src/main/gateway.js';
import type { Account } from '../src/kernel/types.js';
import { fmtMs, fmtRate, summarize, table } from './stats.js';

export interface GroupsBenchOptions {
  readonly members?: number | undefined;
  readonly rounds?: number | undefined;
  readonly room?: number | undefined;
  readonly senders?: number | undefined;
  /** Messages per second per sender. */
  readonly rate?: number | undefined;
  readonly seconds?: number | undefined;
}

export interface GroupsBenchRow {
  readonly name: string;
  readonly samples: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Delivered copies per second. */
  readonly copiesPerSecond: number;
}

const domain = 'bench.example';
const password = 'bench-password';
type Call = (operation: string, args: object) => Promise<any>;

async function client(gateway: Gateway, service: string, address: string): Promise<Call> {
  const c = await soap.createClientAsync(`${gateway.url}/wsi/${service}?wsdl`);
  c.setSecurity(new soap.WSSecurity(address, password, { passwordType: 'PasswordDigest', hasTimeStamp: false }));
  return (operation, args) =>
    (c as unknown as Record<string, (a: object) => Promise<unknown[]>>)[`${operation}Async`]!(args).then((r) => r[0]);
}

/** Members that never log in: accounts and memberships inserted directly, without the slow password hash. */
async function bulkMembers(gateway: Gateway, groupId: string, prefix: string, count: number): Promise<void> {
  await gateway.store.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const account: Account = await tx.accounts.create({
        address: `${prefix}${i}@${domain}`,
        msisdn: null,
        role: 'user',
        passwordHash: '-',
        sealedSecret: '-',
      });
      await tx.groups.addMember({
        groupId,
        accountId: account.id,
        role: 'member',
        screenName: `${prefix}${i}`,
        muted: false,
        typingNotices: true,
        joinedAt: Date.now(),
      });
    }
  });
}

async function withGateway<T>(members: number, fn: (gateway: Gateway) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'imwsi-groups-bench-'));
  const gateway = await startGateway(
    configWith({
      port: 0,
      db: join(dir, 'bench.sqlite'),
      domain,
      'log-level': 'silent',
      'group-members': members + 1,
      'groups-per-user': 1000,
    }),
  );
  try {
    return await fn(gateway);
  } finally {
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** (a) One group message to N members, `rounds` times. */
export async function fanOut(members: number, rounds: number): Promise<GroupsBenchRow> {
  return withGateway(members, async (gateway) => {
    await gateway.accounts.add({ address: `owner@${domain}`, password });
    const groups = await client(gateway, 'Groups', `owner@${domain}`);
    const { group } = await groups('CreateGroup', { name: 'Fan-out', access: 'open' });
    await bulkMembers(gateway, group.groupId, 'm', members);
    const content = Buffer.from('fan-out').toString('base64');
    await groups('SendGroupMessage', { groupId: group.groupId, content }); // warm-up
    const samples: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      const sent = await groups('SendGroupMessage', { groupId: group.groupId, content });
      samples.push(performance.now() - started);
      if (Number(sent.recipients) !== members) throw new Error(`expected ${members} copies, got ${sent.recipients}`);
    }
    const s = summarize(samples);
    return {
      name: `fan-out to ${members.toLocaleString('en-US')} members`,
      samples: s.count,
      p50Ms: s.p50,
      p99Ms: s.p99,
      copiesPerSecond: (members * 1000) / s.p50,
    };
  });
}

/** (b) A room of `room` members, `senders` of them sending `rate` messages/s each for `seconds`, 5 long-pollers. */
export async function roomTraffic(room: number, senders: number, rate: number, seconds: number): Promise<GroupsBenchRow> {
  const pollers = 5;
  return withGateway(room, async (gateway) => {
    const talkers: string[] = [];
    for (let i = 0; i < senders + pollers; i++) {
      const address = `${i < senders ? 'talker' : 'poller'}${i}@${domain}`;
      await gateway.accounts.add({ address, password });
      talkers.push(address);
    }
    const first = await client(gateway, 'Groups', talkers[0]!);
    const { group } = await first('CreateGroup', { name: 'Room', access: 'open', screenName: 'talker0' });
    for (const address of talkers.slice(1)) {
      const c = await client(gateway, 'Groups', address);
      await c('JoinGroup', { groupId: group.groupId, screenName: address.split('@')[0] });
    }
    await bulkMembers(gateway, group.groupId, 'quiet', room - talkers.length);

    const latencies: number[] = [];
    let stopping = false;
    const poll = async (address: string) => {
      const im = await client(gateway, 'InstantMessaging', address);
      let ackToken: string | undefined;
      while (!stopping) {
        const batch = await im('GetMessages', { waitSeconds: 2, maxMessages: 1000, ...(ackToken ? { ackToken } : {}) });
        const received = performance.now();
        ackToken = batch.ackToken;
        for (const m of [batch.message ?? []].flat()) {
          const stamp = Number(Buffer.from(String(m.content), 'base64').toString('utf8'));
          if (m.kind === 'message' && Number.isFinite(stamp)) latencies.push(received - stamp);
        }
      }
    };
    const pollersRunning = talkers.slice(senders).map(poll);

    let sent = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    const talk = async (address: string) => {
      const groups = await client(gateway, 'Groups', address);
      for (let next = performance.now(); next < deadline; next += 1000 / rate) {
        const wait = next - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        await groups('SendGroupMessage', { groupId: group.groupId, content: Buffer.from(String(performance.now())).toString('base64') });
        sent++;
      }
    };
    await Promise.all(talkers.slice(0, senders).map(talk));
    const elapsed = (performance.now() - started) / 1000;
    stopping = true;
    await Promise.all(pollersRunning);
    const s = summarize(latencies);
    return {
      name: `room of ${room}, ${senders} senders x ${rate}/s (${Math.round(sent / elapsed)} msgs/s reached)`,
      samples: s.count,
      p50Ms: s.p50,
      p99Ms: s.p99,
      copiesPerSecond: (sent * (room - 1)) / elapsed,
    };
  });
}

export async function runGroupsBench(options: GroupsBenchOptions = {}): Promise<GroupsBenchRow[]> {
  return [
    await fanOut(options.members ?? 1000, options.rounds ?? 20),
    await roomTraffic(options.room ?? 100, options.senders ?? 20, options.rate ?? 5, options.seconds ?? 10),
  ];
}

export function groupsTable(rows: readonly GroupsBenchRow[]): string {
  return table(
    ['groups', 'samples', 'p50 ms', 'p99 ms', 'copies/s'],
    rows.map((r) => [r.name, String(r.samples), fmtMs(r.p50Ms), fmtMs(r.p99Ms), fmtRate(r.copiesPerSecond)]),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      members: { type: 'string' },
      rounds: { type: 'string' },
      room: { type: 'string' },
      senders: { type: 'string' },
      rate: { type: 'string' },
      seconds: { type: 'string' },
    },
  });
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const rows = await runGroupsBench({
    members: num(values.members),
    rounds: num(values.rounds),
    room: num(values.room),
    senders: num(values.senders),
    rate: num(values.rate),
    seconds: num(values.seconds),
  });
  console.log(groupsTable(rows));
}
