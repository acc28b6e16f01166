// Loaded into the gateway under test by `npm run bench:edge` (node --expose-gc --import tsx --import
// bench/edge-probe.ts bin/imwsi.js serve ...), before the gateway's own code. It measures what only the server
// process can see, and answers the bench over the IPC channel:
// - event-loop delay: perf_hooks.monitorEventLoopDelay with a 10 ms timer; a "stall" is how much later than
//   its 10 ms period the timer fired (histogram value - 10 ms);
// - the longest task in CPU time: process CPU used between two consecutive runs of a 10 ms interval timer.
//   Unlike the delay it does not grow when other processes take the CPU: it is what the gateway's own code
//   (or its GC) held the loop for;
// - garbage-collection pauses (PerformanceObserver 'gc'), to tell a stall spent in GC from one spent in code;
// - a full garbage collection on request (the process runs with --expose-gc), then process.memoryUsage().
// Only node built-ins: nothing here changes what the gateway loads or allocates per request.
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

export const probeResolutionMs = 10;

export type ProbeCommand = 'reset' | 'report' | 'gc';

export interface ProbeRequest {
  readonly id: number;
  readonly cmd: ProbeCommand;
}

export interface ProbeReply {
  readonly id: number;
  /** Longest and 99th-percentile delay beyond the 10 ms period since the last reset, ms. */
  readonly maxStallMs: number;
  readonly p99StallMs: number;
  /** Timer ticks seen since the last reset. */
  readonly ticks: number;
  /** Most process CPU time used between two ticks of a 10 ms interval timer since the last reset, ms. */
  readonly maxTaskCpuMs: number;
  /** Longest single GC pause and all GC pauses together since the last reset, ms. */
  readonly maxGcMs: number;
  readonly totalGcMs: number;
  readonly memory: NodeJS.MemoryUsage;
}

const delay = monitorEventLoopDelay({ resolution: probeResolutionMs });
delay.enable();
let maxGcMs = 0;
let totalGcMs = 0;
let forcing = false;
new PerformanceObserver((list) => {
  if (forcing) return;
  for (const entry of list.getEntries()) {
    maxGcMs = Math.max(maxGcMs, entry.duration);
    totalGcMs += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });
let lastCpu = process.cpuUsage();
let maxTaskCpuMs = 0;
setInterval(() => {
  const now = process.cpuUsage();
  maxTaskCpuMs = Math.max(maxTaskCpuMs, (now.user - lastCpu.user + now.system - lastCpu.system) / 1000);
  lastCpu = now;
}, probeResolutionMs).unref();
const gc = (globalThis as { gc?: () => void }).gc;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stallMs = (ns: number) => (Number.isFinite(ns) && ns > 0 ? Math.max(0, ns / 1e6 - probeResolutionMs) : 0);

async function answer(request: ProbeRequest): Promise<ProbeReply> {
  if (request.cmd === 'gc') {
    if (!gc) throw new Error('the server runs without --expose-gc');
    // Several passes with pauses between: finalizers, weak callbacks and V8's memory reducer get their turn.
    forcing = true;
    for (let i = 0; i < 3; i++) {
      gc();
      await pause(50);
    }
    // The observer reports after a tick: let the forced collections' entries pass before counting again.
    await pause(10);
    forcing = false;
  }
  const reply: ProbeReply = {
    id: request.id,
    maxStallMs: stallMs(delay.count ? delay.max : 0),
    p99StallMs: stallMs(delay.count ? delay.percentile(99) : 0),
    ticks: delay.count,
    maxTaskCpuMs,
    maxGcMs,
    totalGcMs,
    memory: process.memoryUsage(),
  };
  if (request.cmd === 'reset') {
    delay.reset();
    maxGcMs = totalGcMs = maxTaskCpuMs = 0;
    lastCpu = process.cpuUsage();
  }
  return reply;
}

if (process.send) {
  process.on('message', (message: ProbeRequest) => {
    void answer(message).then(
      (reply) => process.send?.(reply),
      (error: unknown) => process.send?.({ id: message.id, error: String(error) }),
    );
  });
}
