// Cross-domain presence fan-out (issue 14), callable from the bench runner (`runPresenceFederationBench`) or
// alone: node --import tsx bench/presence-federation.ts [--watchers 1000] [--rounds 3]
// One presentity at b1.example with N watchers at b2.example, two in-process gateways linked as peers over
// real SOAP. Measured: from PublishPresence at b1 until all N watchers' presence notices are stored at b2
// (b1 queues one social event per remote watcher in the publication's unit of work; its social forwarder
// sends them in batches; b2 applies each and writes the watcher's notice). Before each round every watcher
// reads its inbox, so each round writes N fresh notices.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { configWith } from '../src/platform/config.js';
import { startGateway, type Gateway } from '../src/main/gateway.js';
import { type BenchRow, client, formatRows, password, row } from './presence.js';

export const domains = ['b1.example', 'b2.example'] as const;
export const fast = { 'forward-tick-ms': 20, 'forward-retry-base-ms': 50, 'forward-retry-max-ms': 400, 'log-level': 'silent' };

/** `count` accounts at `gateway` signing in as `template` does: its hash and sealed secret, copied. */
export async function watchers(gateway: Gateway, domain: string, count: number): Promise<string[]> {
  const template = await gateway.accounts.add({ address: `w0@${domain}`, password });
  const credentials = (await gateway.store.accounts.findCredentials(template.address))!;
  return gateway.store.transaction(async (tx) => {
    const created = [template.address];
    for (let i = 1; i < count; i++) {
      const account = await tx.accounts.create({
        address: `w${i}@${domain}`,
        msisdn: null,
        role: 'user',
        passwordHash: credentials.passwordHash,
        sealedSecret: credentials.sealedSecret,
      });
      created.push(account.address);
    }
    return created;
  });
}

/** Each gateway forwards to the other with an account the other made for it (Administration.AddPeer). */
export async function link(a: Gateway, aDomain: string, b: Gateway, bDomain: string): Promise<void> {
  const account = `peer-${aDomain.split('.')[0]}@${bDomain}`;
  await b.accounts.add({ address: account, password });
  await (await client(b, 'Administration', `admin@${bDomain}`))('AddPeer', { domain: aDomain, inboundAccount: account });
  await (await client(a, 'Administration', `admin@${aDomain}`))('AddPeer', {
    domain: bDomain,
    endpoint: `${b.url}/wsi/InstantMessaging`,
    username: account,
    password,
  });
}

/**
 * Runs `run` on b1.example and b2.example: in-process gateways on SQLite files in a temporary folder, each with
 * an admin, peers of each other; both closed and the folder removed afterwards.
 */
export async function withLinkedPair<T>(name: string, run: (b1: Gateway, b2: Gateway) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `imwsi-bench-${name}-`));
  const [first, second] = await Promise.all(
    domains.map((domain) => startGateway(configWith({ port: 0, db: join(dir, `${domain}.sqlite`), domain, ...fast }))),
  );
  const b1 = first!;
  const b2 = second!;
  try {
    for (const [gateway, domain] of [
      [b1, domains[0]],
      [b2, domains[1]],
    ] as const)
      await gateway.accounts.add({ address: `admin@${domain}`, password, role: 'admin' });
    await link(b1, domains[0], b2, domains[1]);
    await link(b2, domains[1], b1, domains[0]);
    return await run(b1, b2);
  } finally {
    await Promise.all([b1.close(), b2.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `--name N` of a bench run alone, or undefined. */
export function numberFlag(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : undefined;
}

export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function runPresenceFederationBench(
  options: { watchers?: number | undefined; rounds?: number | undefined } = {},
): Promise<BenchRow[]> {
  const count = options.watchers ?? 1000;
  const rounds = options.rounds ?? 3;
  return withLinkedPair('presence-federation', async (b1, b2) => {
    const star = `star@${domains[0]}`;
    await b1.accounts.add({ address: star, password });
    // The star needs no authorization (GU-5 setting), so every request is granted at once at b1.
    await (await client(b1, 'ContactLists', star))('UpdateSettings', { requireAuthorization: false });
    const fans = await watchers(b2, domains[1], count);
    let next = 0;
    const subscribe = async () => {
      while (next < fans.length) {
        const fan = fans[next++]!;
        await (await client(b2, 'Presence', fan))('SubscribePresence', { presentity: [star] });
      }
    };
    process.stderr.write(`  subscribing ${count} watchers at ${domains[1]} to ${star}\n`);
    await Promise.all(Array.from({ length: 8 }, subscribe));
    const notified = async () => (await b1.store.subscriptions.notifiedWatchers((await b1.store.accounts.findByAddress(star))!.id)).length;
    await until(async () => (await notified()) === count, 'every grant at b1');

    const publish = await client(b1, 'Presence', star);
    const ids = await Promise.all(fans.map(async (f) => (await b2.store.accounts.findByAddress(f))!.id));
    /** Every watcher reads (leases) its inbox, so the next publication writes fresh notices. */
    const readAll = () =>
      b2.store.transaction(async (tx) => {
        for (const id of ids) await tx.inbox.lease(id, Date.now(), 1000, Date.now() + 600_000, 'bench');
      });
    await until(async () => (await b2.store.inbox.depth()) >= count, 'the grants and first presence at b2');
    const samples: number[] = [];
    for (let round = 0; round < rounds; round++) {
      await readAll();
      const before = await b2.store.inbox.depth();
      const started = performance.now();
      await publish('PublishPresence', { availability: round % 2 ? 'available' : 'busy', statusText: `round ${round}` });
      await until(async () => (await b2.store.inbox.depth()) >= before + count, `round ${round} at b2`);
      samples.push(performance.now() - started);
    }
    return [row(`one presentity at ${domains[0]} -> ${count} watchers at ${domains[1]} (until all stored)`, samples, count)];
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(
    formatRows(await runPresenceFederationBench({ watchers: numberFlag('watchers'), rounds: numberFlag('rounds') })) + '\n',
  );
}
