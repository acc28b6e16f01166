// N idle consumers, each holding one long-polling GetMessages on its own (empty) inbox, on its own
// connection. Waits for the gateway's own count of waiting polls (/metrics imwsi_long_polls_waiting),
// then reads the server's RSS: the memory cost of idle consumers.
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Credentials, faultCode, getMessages } from './envelopes.js';
import { getText, soapPoster } from './http-client.js';
import { progress } from './progress.js';
import { servicePath } from './scenarios.js';
import type { Memory, ServerProcess } from './server-process.js';

export interface IdleResult {
  readonly consumers: number;
  readonly waiting: number;
  readonly before: Memory;
  /** RSS the moment the last poll is waiting (setup garbage not yet collected). */
  readonly justHeld: Memory;
  /** RSS after the polls have sat idle for settleSeconds: what idle consumers cost. */
  readonly held: Memory;
  readonly settleSeconds: number;
  readonly setupSeconds: number;
  readonly failed: number;
  readonly firstFailure: string | undefined;
  /** The gateway's own V8 heap and external memory at the same moment (prom-client default metrics). */
  readonly heapUsedMb: number;
  readonly externalMb: number;
  /** RSS on the way up (every 10,000 polls below the total), each after the same settling. */
  readonly checkpoints: readonly { readonly waiting: number; readonly held: Memory }[];
}

/** Below the total, the RSS is also read (after settling) each time this many polls are waiting. */
const checkpointEvery = 10_000;

async function gauges(url: string): Promise<{ waiting: number; heapUsedMb: number; externalMb: number }> {
  const text = await getText(`${url}/metrics`);
  const gauge = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text)?.[1] ?? Number.NaN);
  return {
    waiting: gauge('imwsi_long_polls_waiting'),
    heapUsedMb: gauge('imwsi_nodejs_heap_size_used_bytes') / 2 ** 20,
    externalMb: gauge('imwsi_nodejs_external_memory_bytes') / 2 ** 20,
  };
}

const waitingPolls = async (url: string) => (await gauges(url)).waiting;

export async function idlePollers(
  server: ServerProcess,
  consumers: readonly Credentials[],
  waitSeconds: number,
  settleSeconds: number,
  /** Runs while the polls are held (e.g. to take a heap snapshot). */
  whileHeld?: () => Promise<void>,
): Promise<IdleResult> {
  const bar = progress(`${consumers.length} idle long polls`);
  const poster = soapPoster(server.url, consumers.length);
  const stop = new AbortController();
  // Every pending request listens on this one signal.
  setMaxListeners(0, stop.signal);
  const before = server.memory();
  const started = performance.now();
  let failed = 0;
  let firstFailure: string | undefined;
  let opened = 0;
  const polls: Promise<unknown>[] = [];
  const checkpoints: { waiting: number; held: Memory }[] = [];
  /** Waits until every poll opened so far is waiting (or failed); the number waiting. */
  const allWaiting = async (until: number): Promise<number> => {
    let waiting = 0;
    while (performance.now() < until) {
      waiting = await waitingPolls(server.url);
      bar.update(`${opened} opened, ${waiting} waiting, ${failed} failed, RSS ${(server.memory().rssKb / 1024).toFixed(0)} MB`);
      if (waiting + failed >= opened) break;
      await sleep(250);
    }
    return waiting;
  };
  const settle = async (waiting: number) => {
    // Idle is the point: give V8 the quiet it needs to collect the setup garbage before reading RSS.
    for (let s = 1; s <= settleSeconds; s++) {
      await sleep(1000);
      bar.update(`${waiting} waiting, settling ${s}/${settleSeconds}s, RSS ${(server.memory().rssKb / 1024).toFixed(0)} MB`);
    }
  };
  // Opened in waves, so the connect burst does not overflow the listen backlog.
  for (const who of consumers) {
    polls.push(
      poster.post(servicePath, getMessages(who, { waitSeconds }), stop.signal).then(
        (response) => {
          // A poll that answers before we stop was not idle: count it as a failure, with its reason.
          if (stop.signal.aborted) return;
          failed++;
          firstFailure ??=
            response.status === 200 ? 'a poll was answered before the end' : `HTTP ${response.status}: ${faultCode(response.body)}`;
        },
        (error: unknown) => {
          if (stop.signal.aborted) return;
          failed++;
          firstFailure ??= error instanceof Error ? error.message : String(error);
        },
      ),
    );
    if (++opened % checkpointEvery === 0 && opened < consumers.length) {
      const waiting = await allWaiting(performance.now() + 60_000);
      await settle(waiting);
      checkpoints.push({ waiting, held: server.memory() });
    } else if (opened % 250 === 0) {
      // Paced by the server: keep at most 1,000 polls between connect and wait, or the accept backlog
      // overflows and connections are reset (a measurement artefact, not a server limit).
      for (;;) {
        const waiting = await waitingPolls(server.url);
        bar.update(`${opened} opened, ${waiting} waiting, ${failed} failed`);
        if (waiting + failed >= opened - 1000) break;
        await sleep(50);
      }
    }
  }
  const waiting = await allWaiting(performance.now() + (waitSeconds - settleSeconds - 5) * 1000);
  const setupSeconds = (performance.now() - started) / 1000;
  const justHeld = server.memory();
  await settle(waiting);
  const held = server.memory();
  const { heapUsedMb, externalMb } = await gauges(server.url);
  const stillWaiting = await waitingPolls(server.url);
  await whileHeld?.();
  bar.done(
    `${waiting} waiting after ${setupSeconds.toFixed(1)}s, ${failed} failed${firstFailure ? ` (${firstFailure})` : ''}, ` +
      `server RSS ${(justHeld.rssKb / 1024).toFixed(0)} MB, after ${settleSeconds}s idle ${(held.rssKb / 1024).toFixed(0)} MB ` +
      `(${stillWaiting} still waiting), V8 heap used ${heapUsedMb.toFixed(0)} MB`,
  );
  stop.abort();
  await Promise.allSettled(polls);
  poster.close();
  return {
    consumers: consumers.length,
    waiting: Math.min(waiting, stillWaiting),
    before,
    justHeld,
    held,
    settleSeconds,
    setupSeconds,
    failed,
    firstFailure,
    heapUsedMb,
    externalMb,
    checkpoints,
  };
}
