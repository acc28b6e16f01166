// PostgreSQL's own CPU for one database (bench/postgres.ts): the server runs on this machine, so the CPU time of
// the backends serving the database is read from /proc, as the gateways' is. The backends are found in
// pg_stat_activity, looked up again every 200 ms as the gateways' pools open connections; a backend that has
// gone keeps the CPU it was last seen with.
import type { Knex } from 'knex';
import { cpuSecondsOf } from './server-process.js';

export interface BackendCpu {
  /** CPU seconds (user + system) the database's backends have used so far. */
  seconds(): number;
  stop(): void;
}

export function backendCpu(admin: Knex, database: string): BackendCpu {
  const lastSeen = new Map<number, number>();
  const refresh = async () => {
    const result = (await admin.raw('select pid from pg_stat_activity where datname = ?', [database])) as { rows: { pid: number }[] };
    for (const { pid } of result.rows) if (!lastSeen.has(pid)) lastSeen.set(pid, 0);
  };
  const timer = setInterval(() => void refresh().catch(() => undefined), 200);
  void refresh().catch(() => undefined);
  return {
    seconds() {
      let sum = 0;
      for (const [pid, seen] of lastSeen) {
        let now = seen;
        try {
          now = cpuSecondsOf(pid);
        } catch {
          // The backend ended: its last reading stands.
        }
        lastSeen.set(pid, now);
        sum += now;
      }
      return sum;
    },
    stop: () => clearInterval(timer),
  };
}
