// Several imwsi domains on loopback: in-process gateways or separate `imwsi serve` processes, linked as
// peers through the Administration service (real SOAP, admin accounts), so tests exercise the real path.
import { join } from 'node:path';
import { type ImwsiProcess, runImwsi, spawnImwsi } from './process.js';
import { nodeSoapClient } from './clients.js';
import { password, startTestGateway, type TestAccount, type TestGateway, tempDir } from './gateway.js';

/** Fast forwarding for tests: short ticks and retry delays. */
export const fastForwarding = { 'forward-tick-ms': 50, 'forward-retry-base-ms': 50, 'forward-retry-max-ms': 400 } as const;

/** A domain served in-process: accounts are local parts in `domain` (passwords: password()). */
export async function startDomain(
  domain: string,
  accounts: readonly (string | TestAccount)[] = [],
  settings: Record<string, string | number | boolean> = {},
): Promise<TestGateway> {
  return startTestGateway({
    accounts: [
      { address: `admin@${domain}`, password: password(`admin@${domain}`), role: 'admin' },
      ...accounts.map((a) => (typeof a === 'string' ? `${a}@${domain}` : a)),
    ],
    settings: { domain, ...fastForwarding, ...settings },
  });
}

export interface DomainEndpoint {
  readonly domain: string;
  readonly url: string;
}

/** Calls Administration.AddPeer at `at` as its admin. */
export async function addPeer(
  at: DomainEndpoint,
  peer: { domain: string; endpoint?: string; username?: string; password?: string; inboundAccount?: string },
) {
  const admin = await nodeSoapClient(`${at.url}/wsi/Administration?wsdl`, `admin@${at.domain}`);
  return admin.call('AddPeer', peer);
}

/**
 * Lets `from` forward to `to`: an account peer-<from>@<to> at `to`, bound there to from's domain, and a
 * route at `from` to to's InstantMessaging endpoint with that account's credentials.
 */
export async function link(
  from: DomainEndpoint & { accounts: TestGateway['accounts'] },
  to: DomainEndpoint & { accounts: TestGateway['accounts'] },
) {
  const peerAccount = `peer-${from.domain.split('.')[0]}@${to.domain}`;
  if (!(await to.accounts.list()).some((a) => a.address === peerAccount))
    await to.accounts.add({ address: peerAccount, password: password(peerAccount) });
  await addPeer(to, { domain: from.domain, inboundAccount: peerAccount });
  await addPeer(from, {
    domain: to.domain,
    endpoint: `${to.url}/wsi/InstantMessaging`,
    username: peerAccount,
    password: password(peerAccount),
  });
}

/**
 * Two in-process domains, a.example and b.example, stopped by the test's teardown, with a.example
 * forwarding to b.example (link()).
 */
export async function linkedDomains(
  t: { teardown(fn: () => Promise<unknown>): void },
  aAccounts: readonly (string | TestAccount)[],
  bAccounts: readonly (string | TestAccount)[],
  bSettings: Record<string, string | number | boolean> = {},
): Promise<{ a: TestGateway; b: TestGateway }> {
  const a = await startDomain('a.example', aAccounts);
  const b = await startDomain('b.example', bAccounts, bSettings);
  t.teardown(() => Promise.all([a.stop(), b.stop()]));
  await link({ ...a, domain: 'a.example' }, { ...b, domain: 'b.example' });
  return { a, b };
}

/** b1.example and b2.example, in-process, each a peer of the other (presence and contacts cross both ways). */
export async function twoDomains(
  t: { teardown(fn: () => Promise<unknown>): void },
  b1Users: readonly string[],
  b2Users: readonly string[],
): Promise<{ b1: TestGateway; b2: TestGateway }> {
  const b1 = await startDomain('b1.example', b1Users);
  const b2 = await startDomain('b2.example', b2Users);
  t.teardown(() => Promise.all([b1.stop(), b2.stop()]));
  await link({ ...b1, domain: 'b1.example' }, { ...b2, domain: 'b2.example' });
  await link({ ...b2, domain: 'b2.example' }, { ...b1, domain: 'b1.example' });
  return { b1, b2 };
}

/**
 * b1.example and b2.example as two `imwsi serve` processes, each on its own database, each a peer of the
 * other (accounts made with the CLI before start, routes added over the running Administration service):
 * the scenarios "with two provider processes". Users: local parts; passwords: password().
 */
/** A provider process of twoProcessDomains: SIGKILL it, and start it again on the same port and database. */
export interface ProviderProcess extends DomainEndpoint {
  kill(): Promise<void>;
  restart(): Promise<void>;
}

export async function twoProcessDomains(
  t: { teardown(fn: () => Promise<unknown>): void },
  b1Users: readonly string[],
  b2Users: readonly string[],
): Promise<{ b1: ProviderProcess; b2: ProviderProcess }> {
  const start = async (domain: string, other: string, users: readonly string[]): Promise<ProviderProcess> => {
    const db = ['--db', join(tempDir(), `${domain}.sqlite`), '--domain', domain];
    const inbound = `peer-${other.split('.')[0]}@${domain}`;
    const run = async (args: readonly string[]) => {
      const done = await runImwsi([...args, ...db]);
      if (done.status !== 0) throw new Error(`imwsi ${args.join(' ')}: ${done.stderr}`);
    };
    const add = (address: string, role?: string) =>
      run(['users', 'add', address, '--password', password(address), ...(role ? ['--role', role] : [])]);
    // One after another: the first command creates the database.
    for (const [address, role] of [[`admin@${domain}`, 'admin'], [inbound], ...users.map((u) => [`${u}@${domain}`])] as const)
      await add(address!, role);
    await run(['peers', 'add', other, '--inbound-account', inbound]);
    let server = await spawnServe([...db, '--port', '0']);
    let running = true;
    t.teardown(() => (running ? server.stop() : Promise.resolve()));
    return {
      domain,
      url: server.url,
      async kill() {
        running = false;
        await server.kill();
      },
      async restart() {
        server = await spawnServe([...db, '--port', new URL(server.url).port]);
        running = true;
      },
    };
  };
  const [b1, b2] = await Promise.all([start('b1.example', 'b2.example', b1Users), start('b2.example', 'b1.example', b2Users)]);
  for (const [from, to] of [
    [b1, b2],
    [b2, b1],
  ] as const) {
    const account = `peer-${from.domain.split('.')[0]}@${to.domain}`;
    await addPeer(from, { domain: to.domain, endpoint: `${to.url}/wsi/InstantMessaging`, username: account, password: password(account) });
  }
  return { b1, b2 };
}

export { imwsi, imwsiBin } from './process.js';
export type { ImwsiProcess as ServeProcess } from './process.js';

/** Starts `imwsi serve` as its own process, forwarding fast; resolves when it prints the URL it listens on. */
export function spawnServe(args: readonly string[]): Promise<ImwsiProcess> {
  return spawnImwsi(['serve', '--log-level', 'warn', ...fastForwardingArgs(), ...args], /imwsi listening on (\S+)/);
}

/** Starts `imwsi relay --config file` as its own process. */
export function spawnRelay(configFile: string): Promise<ImwsiProcess> {
  return spawnImwsi(['relay', '--config', configFile], /imwsi relay running()/);
}

function fastForwardingArgs(): string[] {
  return Object.entries(fastForwarding).flatMap(([k, v]) => [`--${k}`, String(v)]);
}

/**
 * Re-checks a condition that has no event to await (a delivery status held by another process) until it
 * holds; fails after `timeoutMs`. Inbox arrivals are awaited with long polls instead (collect()).
 */
export async function until<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export type InboxItem = Record<string, any>;

/** Long-polls an inbox until `count` messages arrived (acknowledging them), or the wait runs out. */
export async function collect(
  client: { call(op: string, args: object): Promise<any> },
  count: number,
  waitSeconds = 15,
): Promise<InboxItem[]> {
  const got: InboxItem[] = [];
  const deadline = Date.now() + waitSeconds * 1000;
  while (got.length < count && Date.now() < deadline) {
    const batch = await client.call('GetMessages', { waitSeconds: Math.max(1, Math.ceil((deadline - Date.now()) / 1000)) });
    const messages = batch.message === undefined ? [] : Array.isArray(batch.message) ? batch.message : [batch.message];
    got.push(...messages);
    if (batch.ackToken) await client.call('AckMessages', { ackToken: batch.ackToken });
  }
  return got;
}

/** The status of each recipient of a message, by address. */
export async function statusOf(
  client: { call(op: string, args: object): Promise<any> },
  messageId: string,
): Promise<Record<string, string>> {
  const response = await client.call('GetDeliveryStatus', { messageId });
  const statuses = Array.isArray(response.status) ? response.status : [response.status];
  return Object.fromEntries(statuses.map((s: { address: string; status: string }) => [s.address, s.status]));
}

export interface LossyProxy {
  readonly url: string;
  /** SendMessages requests that reached the peer. */
  readonly sends: number;
  /** The next SendMessages reaches the peer, but its response is dropped (the connection is cut). */
  loseNextResponse(): void;
  /** The next SendMessages reaches the peer, and its response is held back; resolves once the peer answered. */
  holdNextResponse(): Promise<void>;
  close(): Promise<void>;
}

/** An HTTP proxy in front of a peer that can lose a response after the peer processed the request. */
export async function lossyProxy(target: string): Promise<LossyProxy> {
  const { createServer } = await import('node:http');
  let lose = false;
  let sends = 0;
  let hold: (() => void) | undefined;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const isSend = /SendMessages>/.test(body.toString('utf8')) && req.method === 'POST';
    const upstream = await fetch(`${target}${req.url}`, {
      ...(req.method === undefined ? {} : { method: req.method }),
      headers: Object.fromEntries(
        Object.entries(req.headers).filter(([k]) => k !== 'content-length' && k !== 'connection') as [string, string][],
      ),
      ...(req.method === 'POST' ? { body } : {}),
    });
    const answer = Buffer.from(await upstream.arrayBuffer());
    if (isSend) sends++;
    if (isSend && hold) {
      hold();
      hold = undefined;
      return; // never answered: the caller sees no response until it gives up or dies
    }
    if (isSend && lose) {
      lose = false;
      res.socket?.destroy();
      return;
    }
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/xml' }).end(answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    get sends() {
      return sends;
    },
    loseNextResponse: () => void (lose = true),
    holdNextResponse: () => new Promise<void>((resolve) => (hold = resolve)),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
