// imwsi migrate: bring the database schema up to date without serving (serve does it too on start).
import type { Command } from './command.js';
import { withBackend } from './with-backend.js';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'bring the database up to date (serve does this on start too)',
  async run(input) {
    // Opening the backend migrates the database.
    await withBackend(input.config(), () => Promise.resolve());
    process.stdout.write('database is up to date\n');
  },
};
