// A worker that runs one pass every interval. A pass that is still running when the next tick comes is not
// doubled (a slow sweep on a busy database would otherwise pile up); stop() waits for the pass in flight.
import type { Logger } from '../logger.js';
import type { Worker } from './contract.js';

export function periodicWorker(name: string, intervalMs: number, pass: () => Promise<unknown>, logger: Logger): Worker {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = pass()
      .then(() => undefined)
      .catch((error: unknown) => logger.error({ err: error, worker: name }, `${name} failed`))
      .finally(() => {
        running = undefined;
      });
  };
  return {
    name,
    start() {
      timer ??= setInterval(tick, intervalMs);
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
