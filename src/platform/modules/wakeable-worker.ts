// A worker woken on demand as well as on every tick (the forwarders: a send queues work that the peer should
// get at once, the tick retries what failed). A wake during a pass runs one more pass after it, never two at
// once; stop() waits for the pass in flight, and a pass can ask `stopped` to end early.
import type { Logger } from '../logger.js';

export interface WakeableWorker {
  readonly wake: () => void;
  readonly start: () => void;
  readonly stop: () => Promise<void>;
  readonly stopped: boolean;
}

export function wakeableWorker(name: string, tickMs: number, pass: () => Promise<void>, logger: Logger): WakeableWorker {
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  function wake(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await pass().catch((error: unknown) => logger.error({ err: error, worker: name }, `${name} pass failed`));
      } while (again && !stopped);
    })().finally(() => {
      running = undefined;
    });
  }

  return {
    wake,
    start: () => {
      timer = setInterval(wake, tickMs);
      wake();
    },
    stop: async () => {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
    get stopped() {
      return stopped;
    },
  };
}
