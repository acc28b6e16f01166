// N idle consumers, each holding one long-polling GetMessages on its own (empty) inbox, on its own
// connection. Waits for the gateway's own count of waiting polls (/metrics imwsi_long_polls_waiting),
// then reads the server's RSS: the memory cost of idle consumers.
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Credentials, getMessages } from './envelopes.js';
import { getText, soapPoster } from './http-client.js';
import { progress } from './progress.js';
import { servicePath } from './scenarios.js';
import type { Memory, ServerProcess } from './server-process.js';

export interface IdleResult {
  readonly consumers: number;
  readonly waiting: number;
  readonly before: Memory;
  readonly held: Memory;
  readonly setupSeconds: number;
}

async function waitingPolls(url: string): Promise<number> {
  const text = await getText(`${url}/metrics`);
  return Number(/^imwsi_long_polls_waiting (\d+)/m.exec(text)?.[1] ?? 0);
}

export async function idlePollers(server: ServerProcess, consumers: readonly Credentials[], waitSeconds: number): Promise<IdleResult> {
  const bar = progress(`${consumers.length} idle long polls`);
  const poster = soapPoster(server.url, consumers.length);
  const stop = new AbortController();
  // Every pending request listens on this one signal.
  setMaxListeners(0, stop.signal);
  const before = server.memory();
  const started = performance.now();
  let failed = 0;
  let opened = 0;
  const polls: Promise<unknown>[] = [];
  // Opened in waves, so the connect burst does not overflow the listen backlog.
  for (const who of consumers) {
    polls.push(poster.post(servicePath, getMessages(who, { waitSeconds }), stop.signal).catch(() => void (stop.signal.aborted || failed++)));
    if (++opened % 500 === 0) {
      await sleep(20);
      bar.update(`${opened} opened, ${await waitingPolls(server.url)} waiting`);
    }
  }
  let waiting = 0;
  const deadline = performance.now() + waitSeconds * 1000 * 0.8;
  while (performance.now() < deadline) {
    waiting = await waitingPolls(server.url);
    bar.update(`${opened} opened, ${waiting} waiting, ${failed} failed, RSS ${(server.memory().rssKb / 1024).toFixed(0)} MB`);
    if (waiting + failed >= consumers.length) break;
    await sleep(250);
  }
  const setupSeconds = (performance.now() - started) / 1000;
  const held = server.memory();
  bar.done(`${waiting} waiting after ${setupSeconds.toFixed(1)}s, ${failed} failed, server RSS ${(held.rssKb / 1024).toFixed(0)} MB`);
  stop.abort();
  await Promise.allSettled(polls);
  poster.close();
  return { consumers: consumers.length, waiting, before, held, setupSeconds };
}
