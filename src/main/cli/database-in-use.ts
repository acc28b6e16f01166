// Whether another process (a running gateway) has a SQLite file open: restore and keys rotate refuse to
// change a database under a gateway that would go on with what it read before (--force overrides).
import { existsSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';

/**
 * Other processes that have FILE open (a running gateway), found through /proc. Where /proc is missing, a
 * WAL index file beside the database says some connection has it open (or a process died holding it).
 */
export function processesUsing(file: string): string[] {
  if (!existsSync(file)) return [];
  if (!existsSync('/proc/self/fd')) return existsSync(`${file}-shm`) ? ['another process'] : [];
  const target = realpathSync(file);
  const found: string[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or another user's: not ours to see
    }
    if (
      fds.some((fd) => {
        try {
          return readlinkSync(`/proc/${pid}/fd/${fd}`) === target;
        } catch {
          return false;
        }
      })
    )
      found.push(`process ${pid}`);
  }
  return found;
}
