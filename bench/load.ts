// Load shapes: a closed loop (N connections, each sending its next request as soon as the last answers)
// for throughput, and an open loop at a fixed rate for latency. Both show progress while they run.
import { setTimeout as sleep } from 'node:timers/promises';
import { progress } from './progress.js';
import { fmtRate } from './stats.js';

export interface ClosedLoopResult {
  readonly requests: number;
  /** Units of work done (messages sent or received), as counted by the step. */
  readonly units: number;
  readonly errors: number;
  readonly firstError: string | undefined;
  readonly seconds: number;
  readonly latenciesMs: number[];
}

/** One request by one worker; resolves the units it completed, or throws a description of the failure. */
export type Step = (worker: number) => Promise<number>;

export async function closedLoop(
  label: string,
  options: { connections: number; seconds: number; unit: string; stopWhen?: () => boolean },
  step: Step,
): Promise<ClosedLoopResult> {
  const bar = progress(label);
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  let requests = 0;
  let units = 0;
  let errors = 0;
  let firstError: string | undefined;
  const latenciesMs: number[] = [];
  const rate = () => units / ((performance.now() - started) / 1000);

  async function worker(id: number): Promise<void> {
    while (performance.now() < deadline && !options.stopWhen?.()) {
      const t0 = performance.now();
      try {
        // Read the result first: `units += await ...` would add to a stale value across workers.
        const done = await step(id);
        units += done;
        latenciesMs.push(performance.now() - t0);
        requests++;
      } catch (error) {
        errors++;
        firstError ??= error instanceof Error ? error.message : String(error);
        if (errors > 100 && errors > requests) throw new Error(`${label}: too many errors, first: ${firstError}`);
      }
      bar.update(`${fmtRate(units)} ${options.unit}, ${fmtRate(rate())} ${options.unit}/s, ${errors} errors`);
    }
  }

  await Promise.all(Array.from({ length: options.connections }, (_, i) => worker(i)));
  const seconds = (performance.now() - started) / 1000;
  bar.done(`${fmtRate(units)} ${options.unit} in ${seconds.toFixed(1)}s = ${fmtRate(units / seconds)} ${options.unit}/s, ${errors} errors`);
  return { requests, units, errors, firstError, seconds, latenciesMs };
}

export interface OpenLoopResult {
  readonly sent: number;
  readonly errors: number;
  readonly firstError: string | undefined;
  readonly seconds: number;
}

/**
 * Fires `fire(i)` at a fixed rate for `seconds`, without waiting for answers (an open loop, so a slow
 * server does not slow the offered load and hide its own latency). Waits for all answers at the end.
 */
export async function fixedRate(
  label: string,
  options: { perSecond: number; seconds: number },
  fire: (i: number) => Promise<void>,
): Promise<OpenLoopResult> {
  const bar = progress(label);
  const total = Math.round(options.perSecond * options.seconds);
  const intervalMs = 1000 / options.perSecond;
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  let errors = 0;
  let firstError: string | undefined;
  let sent = 0;
  while (sent < total) {
    // Fire everything that is due: timers tick at ~1 ms, so several may be due at once.
    const due = Math.min(total, Math.floor((performance.now() - started) / intervalMs) + 1);
    while (sent < due) {
      const i = sent++;
      const call: Promise<void> = fire(i).then(
        () => void inFlight.delete(call),
        (error: unknown) => {
          inFlight.delete(call);
          errors++;
          firstError ??= error instanceof Error ? error.message : String(error);
        },
      );
      inFlight.add(call);
    }
    bar.update(`${fmtRate(sent)} sent, ${inFlight.size} in flight, ${errors} errors`);
    const nextDue = started + sent * intervalMs;
    await sleep(Math.max(0, nextDue - performance.now()));
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  bar.done(`${fmtRate(sent)} sent in ${seconds.toFixed(1)}s (${fmtRate(sent / seconds)}/s), ${errors} errors`);
  return { sent, errors, firstError, seconds };
}
