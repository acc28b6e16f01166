// The imwsi command (README "The imwsi command"): one file per command group under cli/, read with
// node:util parseArgs (cli/parse-command.ts). Exit status 0 done, 1 failed, 2 wrong command line or settings.
import { backupCommand, restoreCommand } from './cli/backup.js';
import { blocksCommands } from './cli/blocks.js';
import type { CommandEntry } from './cli/command.js';
import { directoryCommands } from './cli/directory.js';
import { filtersCommands } from './cli/filters.js';
import { groupsCommands } from './cli/groups.js';
import { helpText } from './cli/help.js';
import { keysCommands } from './cli/keys.js';
import { limitsCommands } from './cli/limits.js';
import { migrateCommand } from './cli/migrate.js';
import { describeFailure } from './cli/operator-errors.js';
import { parseCommandLine } from './cli/parse-command.js';
import { peersCommands } from './cli/peers.js';
import { relayCommand } from './cli/relay.js';
import { serveCommand } from './cli/serve.js';
import { switchesCommands } from './cli/switches.js';
import { usersCommands } from './cli/users.js';
import { usageCommands } from './cli/usage.js';
import { accountsCommands } from './cli/accounts.js';
import { auditCommands } from './cli/audit.js';
import { statsCommand } from './cli/stats.js';
import { packageVersion } from './cli/version.js';
import { wsseCommand } from './cli/wsse.js';

/** Every command, in the order `imwsi --help` lists them. A new command group is one line here. */
const commands: readonly CommandEntry[] = [
  serveCommand,
  migrateCommand,
  usersCommands,
  peersCommands,
  blocksCommands,
  directoryCommands,
  groupsCommands,
  limitsCommands,
  filtersCommands,
  switchesCommands,
  wsseCommand,
  relayCommand,
  backupCommand,
  restoreCommand,
  keysCommands,
  usageCommands,
  accountsCommands,
  auditCommands,
  statsCommand,
];

export async function main(argv: readonly string[]): Promise<void> {
  const parsed = parseCommandLine(commands, argv, process.env);
  if (parsed.kind === 'version') process.stdout.write(`imwsi ${packageVersion()}\n`);
  else if (parsed.kind === 'help') process.stdout.write(helpText(commands, parsed.path));
  else await parsed.command.run(parsed.input);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const failure = describeFailure(error);
  process.stderr.write(failure.message + '\n');
  // Exit now, whatever is still open (a pool retrying, a half-started worker): under systemd or in a
  // container a stuck process is never restarted (README "Start-up failures"). stderr is synchronous here.
  process.exit(failure.status);
});
