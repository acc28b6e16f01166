// What the commands that touch the database share: the gateway's backend (backend.ts) opened for one
// command, logging warnings only, and closed whatever happens.
import type { Config } from '../../platform/config.js';
import type { Backend } from '../backend.js';

export async function withBackend<T>(config: Config, work: (backend: Backend) => Promise<T>): Promise<T> {
  // Loaded here, not at the top: --help, --version and usage errors answer without loading the database
  // drivers and every module (a third of a CLI call's time).
  const [{ openBackend }, { createLogger }] = await Promise.all([import('../backend.js'), import('../../platform/logger.js')]);
  const backend = await openBackend(config, Date.now, createLogger('warn', process.stderr), { metrics: false });
  try {
    return await work(backend);
  } finally {
    await backend.close();
  }
}
