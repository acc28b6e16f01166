// Loaded into a gateway under test with `node --import` (NODE_OPTIONS): SIGKILLs the process from inside the
// COMMIT of its Nth group commit that holds at least two units of work (two savepoints), after every
// statement of the batch ran and before SQLite commits it. The server is the real one; only the moment of
// death is chosen, so the test knows exactly which requests can have been acknowledged.
// IMWSI_KILL_AT_GROUP_COMMIT=N picks the commit.
import { createRequire } from 'node:module';

const target = Number(process.env.IMWSI_KILL_AT_GROUP_COMMIT);
if (Number.isInteger(target) && target > 0) {
  const Database = createRequire(import.meta.url)('better-sqlite3');
  const probe = new Database(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1'));
  probe.close();
  const run = proto.run;
  let savepoints = 0;
  let groupCommits = 0;
  proto.run = function (...args) {
    const sql = this.source.trim().toUpperCase();
    if (sql.startsWith('BEGIN')) savepoints = 0;
    else if (sql.startsWith('SAVEPOINT')) savepoints++;
    else if (sql.startsWith('COMMIT') && savepoints >= 2 && ++groupCommits === target) process.kill(process.pid, 'SIGKILL');
    return run.apply(this, args);
  };
}
