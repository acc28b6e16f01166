// Presence benchmark (issue 3), callable from the bench runner (`runPresenceBench`) or alone:
//   node --import tsx bench/presence.ts [--watchers 1000] [--presentities 100] [--rounds 5]
// (a) Fan-out: a user with N authorized, subscribed watchers publishes a change; measured is the
//     PublishPresence round trip, which returns only after every watcher's notice is committed. "fresh"
//     rounds write N new notices (every watcher had read the last one); "coalesced" rounds rewrite the
//     N still-unread notices in place.
// (b) GetPresence for M presentities in one call, all authorized for the caller.
// A real gateway on a temp SQLite file, called over HTTP with node soap and a WS-Security UsernameToken.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as soap from 'soap';
import { configWith } from '../src/platform/config.js';
import { startGateway, type Gateway } from '../src/main/gateway.js';
import type { Account } from '../src/kernel/types.js';

export interface PresenceBenchOptions {
  readonly watchers?: number | undefined;
  readonly presentities?: number | undefined;
  readonly rounds?: number | undefined;
}

export interface BenchRow {
  readonly name: string;
  readonly samples: number;
  readonly p50Ms: number;
  readonly maxMs: number;
  /** Notices stored per second (fan-out) or presentities read per second (GetPresence). */
  readonly perSecond: number;
}

const domain = 'bench.example';
export const password = 'bench-password';

/** A node soap client of one service, signing as `address` (password `bench-password`): op(args) -> response. */
export async function client(gateway: Pick<Gateway, 'url'>, service: string, address: string) {
  const c = await soap.createClientAsync(`${gateway.url}/wsi/${service}?wsdl`);
  c.setSecurity(new soap.WSSecurity(address, password, { passwordType: 'PasswordDigest', hasTimeStamp: false }));
  return (operation: string, args: object): Promise<unknown> =>
    (c as unknown as Record<string, (a: object) => Promise<unknown[]>>)[`${operation}Async`]!(args).then((r) => r[0]);
}

/** Accounts that never log in: inserted directly, without the deliberately slow password hash. */
async function bulkAccounts(gateway: Gateway, prefix: string, count: number): Promise<Account[]> {
  return gateway.store.transaction(async (tx) => {
    const created: Account[] = [];
    for (let i = 0; i < count; i++) {
      created.push(
        await tx.accounts.create({ address: `${prefix}${i}@${domain}`, msisdn: null, role: 'user', passwordHash: '-', sealedSecret: '-' }),
      );
    }
    return created;
  });
}

export function row(name: string, samplesMs: readonly number[], unitsPerSample: number): BenchRow {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const p50 = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return { name, samples: sorted.length, p50Ms: p50, maxMs: sorted[sorted.length - 1]!, perSecond: (unitsPerSample * 1000) / p50 };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

export async function runPresenceBench(options: PresenceBenchOptions = {}): Promise<BenchRow[]> {
  const watcherCount = options.watchers ?? 1000;
  const presentityCount = options.presentities ?? 100;
  const rounds = options.rounds ?? 5;
  const dir = mkdtempSync(join(tmpdir(), 'imwsi-bench-presence-'));
  const gateway = await startGateway(configWith({ port: 0, db: join(dir, 'bench.sqlite'), domain, 'log-level': 'silent' }));
  try {
    const star = await gateway.accounts.add({ address: `star@${domain}`, password });
    const reader = await gateway.accounts.add({ address: `reader@${domain}`, password });
    const watchers = await bulkAccounts(gateway, 'watcher', watcherCount);
    const presentities = await bulkAccounts(gateway, 'presentity', presentityCount);
    const now = Date.now();
    await gateway.store.transaction(async (tx) => {
      const grant = (presentityId: number, watcherId: number) =>
        tx.subscriptions.save({
          presentityId,
          watcherId,
          state: 'granted',
          subscribed: true,
          origin: 'subscribe',
          addBackInvited: false,
          requestedAt: now,
          updatedAt: now,
        });
      for (const w of watchers) await grant(star.id, w.id);
      for (const p of presentities) {
        await grant(p.id, reader.id);
        await tx.presence.publish(
          p.id,
          {
            availability: 'away',
            statusText: 'benchmarking',
            device: 'bench',
            capabilities: ['text/plain'],
            attributes: [{ name: 'mood', value: 'focused' }],
          },
          now,
        );
        await tx.presence.touch(p.id, now);
      }
    });

    const publish = await client(gateway, 'Presence', star.address);
    const read = await client(gateway, 'Presence', reader.address);
    const states = ['away', 'busy', 'available'];
    /** Hands out every watcher's unread notice, so the next change writes fresh ones. */
    const watchersReadTheirInbox = () =>
      gateway.store.transaction(async (tx) => {
        for (const w of watchers) await tx.inbox.lease(w.id, Date.now(), 1000, Date.now() + 60_000, 'bench');
      });

    const fresh: number[] = [];
    const coalesced: number[] = [];
    for (let round = 0; round < rounds; round++) {
      await watchersReadTheirInbox();
      fresh.push(await timed(() => publish('PublishPresence', { availability: states[(2 * round) % 3], statusText: `round ${round}` })));
      coalesced.push(
        await timed(() => publish('PublishPresence', { availability: states[(2 * round + 1) % 3], statusText: `round ${round}b` })),
      );
    }
    const depth = await gateway.store.inbox.depth();
    if (depth !== watcherCount * rounds) throw new Error(`expected ${watcherCount * rounds} notices stored, found ${depth}`);

    const addresses = presentities.map((p) => p.address);
    await read('GetPresence', { presentity: addresses }); // warm-up
    const gets: number[] = [];
    for (let i = 0; i < rounds * 10; i++) gets.push(await timed(() => read('GetPresence', { presentity: addresses })));

    return [
      row(`fan-out to ${watcherCount} watchers, fresh notices`, fresh, watcherCount),
      row(`fan-out to ${watcherCount} watchers, coalesced (rewritten)`, coalesced, watcherCount),
      row(`GetPresence, ${presentityCount} presentities per call`, gets, presentityCount),
    ];
  } finally {
    await gateway.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function formatRows(rows: readonly BenchRow[], title = 'presence'): string {
  const header = [title, 'samples', 'p50 ms', 'max ms', 'per second'];
  const cells = rows.map((r) => [
    r.name,
    String(r.samples),
    r.p50Ms.toFixed(1),
    r.maxMs.toFixed(1),
    Math.round(r.perSecond).toLocaleString('en-US'),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) =>
    '| ' + c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join(' | ') + ' |';
  const rule = '|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|';
  return [line(header), rule, ...cells.map(line)].join('\n');
}

function flag(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await runPresenceBench({ watchers: flag('watchers'), presentities: flag('presentities'), rounds: flag('rounds') });
  process.stdout.write(formatRows(rows) + '\n');
}
