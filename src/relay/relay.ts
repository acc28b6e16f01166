// The relay (Appendix B 7.5 / 7.6.1 as a product feature): for a consumer holding accounts with several
// providers, it long-polls the consumer's inbox at each provider, translates the target username to an IM
// address through the consumer's directory, and sends through the provider hosting that address's domain,
// many messages per SendMessages (WSI-10, WSI-22). Source messages are acknowledged only after the
// destination accepted them, and every relayed message carries clientMessageId "relay/<provider>/<source
// message id>", so a relay killed at any point and restarted loses nothing and duplicates nothing.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { Counter, Registry } from 'prom-client';
import { parseAddress } from '../kernel/addresses.js';
import type { Logger } from '../platform/logger.js';
import { backoffDelay } from '../modules/federation/index.js';
import { parseDirectoryCsv } from '../modules/directory/index.js';
import type { RelayConfig, RelayProvider } from './relay-config.js';
import { type WsiClient, wsiClient, WsiCallError, type WsiInboxMessage, type WsiOutboundMessage } from '../modules/federation/index.js';

export interface RelayCounters {
  received: number;
  relayed: number;
  unroutable: number;
  refused: number;
  batches: number;
  sendFailures: number;
}

/** One message accepted by its destination (Appendix B 7.5 step 12: B2 answers with the success status). */
export interface RelayedEvent {
  readonly from: string;
  readonly to: string;
  readonly sourceMessageId: string;
  readonly targetUsername: string;
  readonly address: string;
  readonly destinationMessageId: string;
  readonly status: string;
}

export interface RelayHooks {
  relayed?(event: RelayedEvent): void;
}

export interface Relay {
  readonly counters: Readonly<RelayCounters>;
  /** http://host:port of /metrics and /healthz, when metricsPort is set. */
  readonly metricsUrl: string | undefined;
  stop(): Promise<void>;
}

interface Planned {
  readonly source: WsiInboxMessage;
  readonly destination: RelayProvider;
  readonly wire: WsiOutboundMessage;
}

/**
 * Waits ms, or until the signal aborts. Whichever comes first removes the other: the abort listener goes
 * when the timer fires, so a long outage (a retry every few seconds for hours) holds one listener and one
 * timer per loop, never one per retry (the MaxListenersExceededWarning and the growing heap of issue 10).
 */
export const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

export async function startRelay(config: RelayConfig, logger: Logger, hooks: RelayHooks = {}): Promise<Relay> {
  const clients = new Map<string, WsiClient>(config.providers.map((p) => [p.name, wsiClient(p, { timeoutMs: 30_000 })]));
  const counters: RelayCounters = { received: 0, relayed: 0, unroutable: 0, refused: 0, batches: 0, sendFailures: 0 };
  const registry = new Registry();
  const metric = (name: string, help: string, labelNames: string[] = []) =>
    new Counter({ name: `imwsi_relay_${name}`, help, labelNames, registers: [registry] });
  const received = metric('received_total', 'Messages read from a source inbox', ['provider']);
  const relayed = metric('relayed_total', 'Messages accepted by the destination provider', ['from', 'to']);
  const unroutable = metric('unroutable_total', 'Messages with no known target username or destination (acknowledged, logged)');
  const refused = metric('refused_total', 'Messages the destination refused permanently (acknowledged, logged)', ['to']);
  const failures = metric('send_failures_total', 'Failed calls to a provider (retried)', ['provider']);
  const shutdown = new AbortController();

  // The directory: username -> IM address, from a file, inline entries, or the Directory service.
  let directory = new Map<string, string>();
  let usernames = new Map<string, string>();
  let directoryLoadedAt = 0;
  async function loadDirectory(): Promise<void> {
    const source = config.directory;
    let entries: { username: string; address: string }[];
    if ('file' in source) {
      const parsed = parseDirectoryCsv(readFileSync(source.file, 'utf8'));
      for (const problem of parsed.problems) logger.warn({ file: source.file }, problem);
      entries = parsed.entries;
    } else if ('provider' in source) entries = await clients.get(source.provider)!.directoryEntries();
    else entries = Object.entries(source.entries).map(([username, address]) => ({ username, address }));
    directory = new Map(entries.map((e) => [e.username.toLowerCase(), e.address.toLowerCase()]));
    usernames = new Map([...directory].reverse().map(([username, address]) => [address, username]));
    directoryLoadedAt = Date.now();
    logger.info({ entries: directory.size }, 'relay directory loaded');
  }
  await loadDirectory();

  const hostOf = (address: string): RelayProvider | undefined => {
    const parsed = parseAddress(address);
    return parsed.kind === 'im' ? config.providers.find((p) => p.domains.includes(parsed.domain)) : undefined;
  };

  async function translate(source: RelayProvider, m: WsiInboxMessage): Promise<Planned | undefined> {
    const username = m.targetUsername?.toLowerCase();
    if (!username) return undefined;
    if (!directory.has(username) && Date.now() - directoryLoadedAt > 1000) await loadDirectory().catch(() => undefined);
    const address = directory.get(username);
    const destination = address ? hostOf(address) : undefined;
    if (!address || !destination) return undefined;
    // The provider names the sender in the consumer's namespace when it holds the directory; else we do.
    const senderUsername = m.senderUsername ?? (m.sender ? usernames.get(m.sender.toLowerCase()) : undefined);
    return {
      source: m,
      destination,
      wire: {
        recipient: [address],
        contentType: m.contentType,
        content: m.content,
        // A plain IM client shows the subject: name the sender by its username in the game.
        subject: m.subject ?? (senderUsername ? `from ${senderUsername}` : undefined),
        priority: m.priority,
        validitySeconds: Math.max(1, Math.ceil((m.expiresAt - Date.now()) / 1000)),
        clientMessageId: `relay/${source.name}/${m.messageId}`,
      },
    };
  }

  /** Sends until the destination answers; a permanent refusal of a batch is retried message by message. */
  async function deliver(from: RelayProvider, to: RelayProvider, planned: readonly Planned[]): Promise<void> {
    const client = clients.get(to.name)!;
    for (let attempt = 1; !shutdown.signal.aborted; attempt++) {
      try {
        const results = await client.sendMessages(planned.map((p) => p.wire));
        results.forEach((r, i) => {
          const failed = r.recipients.every((x) => x.status === 'failed');
          if (failed) {
            counters.refused++;
            refused.inc({ to: to.name });
            logger.warn(
              { to: to.name, source: planned[i]?.source.messageId, code: r.recipients[0]?.errorCode },
              'destination refused the recipient',
            );
          } else {
            counters.relayed++;
            relayed.inc({ from: from.name, to: to.name });
            const p = planned[i]!;
            hooks.relayed?.({
              from: from.name,
              to: to.name,
              sourceMessageId: p.source.messageId,
              targetUsername: p.source.targetUsername ?? '',
              address: p.wire.recipient[0]!,
              destinationMessageId: r.messageId,
              status: r.recipients[0]?.status ?? '',
            });
          }
        });
        return;
      } catch (error) {
        if (error instanceof WsiCallError && !error.retryable) {
          if (planned.length > 1) {
            for (const p of planned) await deliver(from, to, [p]);
            return;
          }
          counters.refused++;
          refused.inc({ to: to.name });
          logger.warn({ to: to.name, source: planned[0]?.source.messageId, err: error.message }, 'destination refused the message');
          return;
        }
        counters.sendFailures++;
        failures.inc({ provider: to.name });
        const delay = backoffDelay(attempt, config.retry);
        logger.warn({ to: to.name, attempt, retryInMs: delay, err: (error as Error).message }, 'send failed; retrying');
        await sleep(delay, shutdown.signal);
      }
    }
    throw new Error('relay stopping');
  }

  async function relayBatch(source: RelayProvider, messages: readonly WsiInboxMessage[]): Promise<void> {
    const groups = new Map<string, Planned[]>();
    for (const m of messages) {
      if (m.kind !== 'message') continue;
      const planned = await translate(source, m);
      if (!planned) {
        counters.unroutable++;
        unroutable.inc();
        logger.warn(
          { from: source.name, messageId: m.messageId, target: m.targetUsername ?? null },
          'no route for the target username; acknowledged',
        );
        continue;
      }
      const group = groups.get(planned.destination.name) ?? [];
      group.push(planned);
      groups.set(planned.destination.name, group);
    }
    // One SendMessages per destination, in source order (7.6.1: several messages in one request).
    for (const group of groups.values()) await deliver(source, group[0]!.destination, group);
  }

  async function pollLoop(source: RelayProvider): Promise<void> {
    const client = clients.get(source.name)!;
    let failuresInRow = 0;
    while (!shutdown.signal.aborted) {
      try {
        const asked = Date.now();
        const batch = await client.getMessages({ maxMessages: config.batchSize, waitSeconds: config.waitSeconds });
        failuresInRow = 0;
        if (shutdown.signal.aborted) return;
        if (batch.messages.length === 0) {
          // An empty answer well before waitSeconds (a provider stopping, or one that does not long-poll)
          // must not turn into a busy loop.
          if (config.waitSeconds > 0 && Date.now() - asked < 100) await sleep(config.retry.baseMs, shutdown.signal);
          continue;
        }
        counters.received += batch.messages.length;
        counters.batches++;
        received.inc({ provider: source.name }, batch.messages.length);
        await relayBatch(source, batch.messages);
        // Only now: everything in the batch was accepted, refused for good, or is unroutable.
        await client.ackMessages(batch.ackToken, []);
        logger.info({ from: source.name, messages: batch.messages.length, ...counters }, 'relayed batch');
      } catch (error) {
        if (shutdown.signal.aborted) return;
        failuresInRow++;
        counters.sendFailures++;
        failures.inc({ provider: source.name });
        const delay = backoffDelay(failuresInRow, config.retry);
        logger.warn({ from: source.name, retryInMs: delay, err: (error as Error).message }, 'polling failed; retrying');
        await sleep(delay, shutdown.signal);
      }
    }
  }

  let server: Server | undefined;
  let metricsUrl: string | undefined;
  if (config.metricsPort !== undefined) {
    server = createServer((req, res) => {
      if (req.url === '/metrics') {
        void registry.metrics().then((text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text));
      } else if (req.url === '/healthz') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'ok', ...counters }));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server!.listen(config.metricsPort, config.metricsHost, resolve));
    const address = server.address() as AddressInfo;
    metricsUrl = `http://${address.address}:${address.port}`;
  }

  const directoryTimer = setInterval(
    () => void loadDirectory().catch((error: unknown) => logger.warn({ err: (error as Error).message }, 'directory refresh failed')),
    config.directoryRefreshSeconds * 1000,
  );
  const loops = config.providers.map((p) => pollLoop(p));
  logger.info({ providers: config.providers.map((p) => p.name), metrics: metricsUrl }, 'relay started');

  return {
    counters,
    metricsUrl,
    async stop() {
      shutdown.abort();
      clearInterval(directoryTimer);
      // A poll in flight ends within waitSeconds; whatever it leased comes back when the lease runs out.
      await Promise.all(loops);
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
}
