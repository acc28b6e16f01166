// imwsi directory import | list: a consumer application's own usernames (Appendix B).
import { readFileSync } from 'node:fs';
import { AppError } from '../../kernel/errors.js';
import type { Account } from '../../kernel/types.js';
import type { Backend } from '../backend.js';
import { type Command, type CommandGroup, UsageError } from './command.js';
import { progressBar } from './progress-bar.js';
import { withBackend } from './with-backend.js';

async function consumer(backend: Backend, address: string): Promise<Account> {
  const owner = await backend.store.accounts.findByAddress(address.toLowerCase());
  if (!owner) throw new AppError('SVC2002', [address]);
  return owner;
}

const importCsv: Command = {
  name: 'import',
  summary: "load a CSV file (username,address per line) into a consumer's directory, with a progress bar",
  args: ['<consumer@domain>', '<file.csv>'],
  async run(input) {
    const [address, file] = input.args as [string, string];
    const { parseDirectoryCsv } = await import('../../modules/directory/index.js');
    const { entries, problems } = parseDirectoryCsv(readFileSync(file, 'utf8'));
    if (problems.length > 0) throw new UsageError(`${file}: ${problems.slice(0, 5).join('; ')}`, 'imwsi directory import');
    const config = input.config();
    await withBackend(config, async (backend) => {
      const owner = await consumer(backend, address);
      const service = backend.modules.service('directory');
      const bar = progressBar(entries.length, 'importing');
      const chunk = Math.min(1000, config.directory.entriesPerRequest);
      bar.update(0);
      for (let i = 0; i < entries.length; i += chunk) {
        await service.set(owner, entries.slice(i, i + chunk));
        bar.update(Math.min(entries.length, i + chunk));
      }
      bar.done();
      process.stdout.write(`imported ${entries.length} entries into the directory of ${owner.address}\n`);
    });
  },
};

const list: Command = {
  name: 'list',
  summary: "print a consumer's directory: username, address",
  args: ['<consumer@domain>'],
  async run(input) {
    const [address] = input.args as [string];
    await withBackend(input.config(), async (backend) => {
      const owner = await consumer(backend, address);
      const service = backend.modules.service('directory');
      let after: string | undefined;
      do {
        const page = await service.page(owner, after, undefined);
        for (const e of page.entries) process.stdout.write(`${e.username}\t${e.address}\n`);
        after = page.nextStartAfter;
      } while (after);
    });
  },
};

export const directoryCommands: CommandGroup = {
  name: 'directory',
  summary: "a consumer application's own usernames (Appendix B)",
  commands: [importCsv, list],
};
