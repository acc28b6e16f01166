// The measurements. Each takes a poster pointed at a server (the gateway or the do-nothing baseline) and
// returns plain numbers; run.ts decides which server, sizes and durations.
import { setMaxListeners } from 'node:events';
import { faultCode, type Credentials, getMessages, readGetResponse, sendMessages } from './envelopes.js';
import type { SoapPoster } from './http-client.js';
import { closedLoop, fixedRate } from './load.js';
import { progress } from './progress.js';
import { type LatencySummary, summarize } from './stats.js';

export const servicePath = '/wsi/InstantMessaging';

/** A server under load: where to post, and how much CPU it has burnt (to report CPU per message). */
export interface Target {
  readonly poster: SoapPoster;
  cpuSeconds(): number;
}

async function call(poster: SoapPoster, xml: string, signal?: AbortSignal): Promise<string> {
  const response = await poster.post(servicePath, xml, signal);
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${faultCode(response.body)}`);
  return response.body;
}

export interface Throughput {
  readonly perSecond: number;
  /** Server CPU time per unit (message), microseconds: robust when other work shares the machine. */
  readonly cpuMicrosPerUnit: number;
  readonly requestsPerSecond: number;
  readonly latency: LatencySummary;
  readonly errors: number;
  readonly firstError: string | undefined;
}

export interface SendLoad {
  readonly sender: Credentials;
  readonly recipients: readonly string[];
  readonly perRequest: number;
  readonly connections: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
}

/** SendMessages in a closed loop; messages per second. Recipients rotate so several inboxes fill. */
export async function sendThroughput(label: string, target: Target, load: SendLoad): Promise<Throughput> {
  const { poster } = target;
  let next = 0;
  const step = async () => {
    const messages = Array.from({ length: load.perRequest }, () => ({
      recipient: load.recipients[next++ % load.recipients.length]!,
      text: `bench message ${next}`,
    }));
    await call(poster, sendMessages(load.sender, messages));
    return load.perRequest;
  };
  if (load.warmupSeconds > 0)
    await closedLoop(`${label} (warm-up)`, { connections: load.connections, seconds: load.warmupSeconds, unit: 'msgs' }, step);
  const cpu0 = target.cpuSeconds();
  const result = await closedLoop(label, { connections: load.connections, seconds: load.seconds, unit: 'msgs' }, step);
  return throughputOf(result, target, cpu0);
}

/** Rates and server CPU per unit of one closed-loop phase. */
function throughputOf(result: Awaited<ReturnType<typeof closedLoop>>, target: Target, cpu0: number): Throughput {
  return {
    perSecond: result.units / result.seconds,
    cpuMicrosPerUnit: ((target.cpuSeconds() - cpu0) * 1e6) / Math.max(1, result.units),
    requestsPerSecond: result.requests / result.seconds,
    latency: summarize(result.latenciesMs),
    errors: result.errors,
    firstError: result.firstError,
  };
}

export interface DrainLoad {
  /** One consumer per connection, each draining its own inbox. */
  readonly consumers: readonly Credentials[];
  readonly maxMessages: number;
  readonly seconds: number;
}

/** GetMessages draining deep inboxes, each call acknowledging the previous batch by its ack token. */
export async function drainThroughput(label: string, target: Target, load: DrainLoad): Promise<Throughput> {
  const { poster } = target;
  const tokens: (string | undefined)[] = load.consumers.map(() => undefined);
  const empty = new Set<number>();
  const step = async (worker: number) => {
    const xml = getMessages(load.consumers[worker]!, { maxMessages: load.maxMessages, ackToken: tokens[worker] });
    const batch = readGetResponse(await call(poster, xml));
    tokens[worker] = batch.ackToken;
    if (batch.count === 0) empty.add(worker);
    return batch.count;
  };
  const cpu0 = target.cpuSeconds();
  const result = await closedLoop(
    label,
    { connections: load.consumers.length, seconds: load.seconds, unit: 'msgs', stopWhen: () => empty.size === load.consumers.length },
    step,
  );
  return throughputOf(result, target, cpu0);
}

export interface LatencyResult {
  readonly latency: LatencySummary;
  readonly sent: number;
  readonly received: number;
  readonly errors: number;
  readonly firstError: string | undefined;
}

export interface LongPollLoad {
  readonly sender: Credentials;
  readonly receivers: readonly Credentials[];
  /** Messages per second offered, sent `perRequest` at a time. */
  readonly perSecond: number;
  readonly perRequest: number;
  readonly seconds: number;
}

/** The messages of the i-th SendMessages at this load: recipients rotate over the receivers. */
function batchOf(load: LongPollLoad, i: number, text: () => string) {
  return Array.from({ length: load.perRequest }, (_, j) => ({
    recipient: load.receivers[(i * load.perRequest + j) % load.receivers.length]!.address,
    text: text(),
  }));
}

/**
 * Send-to-receive latency: receivers sit in long polls (GetMessages waitSeconds, acking by token), the
 * sender sends one message per request at a fixed rate, each carrying the time it was sent; latency is
 * from the start of SendMessages to the moment the receiver has parsed the GetMessages response.
 */
export async function longPollLatency(label: string, target: Target, load: LongPollLoad): Promise<LatencyResult> {
  const { poster } = target;
  const samples: number[] = [];
  const stop = new AbortController();
  // Every pending request listens on this one signal.
  setMaxListeners(0, stop.signal);
  let receiveErrors = 0;
  let wake: (() => void) | undefined;
  let expected = Number.POSITIVE_INFINITY;

  async function receive(who: Credentials): Promise<void> {
    let ackToken: string | undefined;
    while (!stop.signal.aborted) {
      try {
        const body = await call(poster, getMessages(who, { maxMessages: 100, waitSeconds: 30, ackToken }), stop.signal);
        const arrived = performance.now();
        const batch = readGetResponse(body, true);
        ackToken = batch.ackToken;
        for (const text of batch.contents) samples.push(arrived - Number(text.slice('sent '.length)));
        if (samples.length >= expected) wake?.();
      } catch (error) {
        if (stop.signal.aborted) return;
        receiveErrors++;
        if (receiveErrors > 100) throw error;
      }
    }
  }

  const receivers = load.receivers.map(receive);
  let sendErrors = 0;
  const sent = await fixedRate(label, { perSecond: load.perSecond / load.perRequest, seconds: load.seconds }, async (i) => {
    const sentAt = `sent ${performance.now().toFixed(3)}`;
    try {
      await call(
        poster,
        sendMessages(
          load.sender,
          batchOf(load, i, () => sentAt),
        ),
      );
    } catch (error) {
      sendErrors++;
      throw error;
    }
  });
  // Everything acknowledged as sent must arrive; wait for the stragglers (bounded, then report the gap).
  expected = (sent.sent - sendErrors) * load.perRequest;
  if (samples.length < expected) {
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, 10_000).unref();
    });
  }
  stop.abort();
  await Promise.allSettled(receivers);
  return {
    latency: summarize(samples),
    sent: expected,
    received: samples.length,
    errors: sent.errors + receiveErrors,
    firstError: sent.firstError,
  };
}

/** The do-nothing reference for long-poll latency: one SendMessages round trip at the same fixed rate. */
export async function roundTripLatency(label: string, target: Target, load: LongPollLoad): Promise<LatencyResult> {
  const samples: number[] = [];
  const sent = await fixedRate(label, { perSecond: load.perSecond / load.perRequest, seconds: load.seconds }, async (i) => {
    const t0 = performance.now();
    await call(
      target.poster,
      sendMessages(
        load.sender,
        batchOf(load, i, () => 'x'),
      ),
    );
    samples.push(performance.now() - t0);
  });
  return { latency: summarize(samples), sent: sent.sent, received: samples.length, errors: sent.errors, firstError: sent.firstError };
}

/**
 * Sequential GetMessages (one connection per server, one request at a time, maxMessages 10, acking the
 * previous batch): the latency of a single read. With several servers the requests alternate between
 * them, so every server sees the same moments of the machine (it is shared) and the comparison is fair.
 */
export async function getLatency(
  label: string,
  probes: readonly { readonly target: Target; readonly who: Credentials }[],
  requests: number,
  warmup: number,
): Promise<LatencyResult[]> {
  const bar = progress(label);
  const samples = probes.map(() => [] as number[]);
  const tokens: (string | undefined)[] = probes.map(() => undefined);
  const received = probes.map(() => 0);
  for (let i = 0; i < warmup + requests; i++) {
    for (const [p, probe] of probes.entries()) {
      const t0 = performance.now();
      const batch = readGetResponse(await call(probe.target.poster, getMessages(probe.who, { maxMessages: 10, ackToken: tokens[p] })));
      const ms = performance.now() - t0;
      tokens[p] = batch.ackToken;
      if (i >= warmup) {
        samples[p]!.push(ms);
        received[p]! += batch.count;
      }
    }
    bar.update(`${i + 1}/${warmup + requests} rounds`);
  }
  const results = samples.map((list, p) => ({
    latency: summarize(list),
    sent: requests,
    received: received[p]!,
    errors: 0,
    firstError: undefined,
  }));
  bar.done(results.map((r) => `p50 ${r.latency.p50.toFixed(2)} ms, p99 ${r.latency.p99.toFixed(2)} ms`).join(' | '));
  return results;
}
