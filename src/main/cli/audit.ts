// imwsi audit list: the log of administrative actions (who, what, on what, when, how it ended), from the
// Administration service and the CLI alike.
import { localOperator } from '../../kernel/require-role.js';
import { type Command, type CommandGroup, stringOption } from './command.js';
import { columns } from './help.js';
import { timeOption, wholeNumber } from './value-options.js';
import { withBackend } from './with-backend.js';

const list: Command = {
  name: 'list',
  summary: 'administrative actions, oldest first, a page at a time',
  options: {
    since: { type: 'string', value: 'TIME', help: 'actions at or after this date or UTC time' },
    until: { type: 'string', value: 'TIME', help: 'actions before this date or UTC time' },
    actor: { type: 'string', value: 'WHO', help: 'only the actions of this admin address (or cli:user@host)' },
    'after-id': { type: 'string', value: 'ID', help: 'the page after this entry id' },
    max: { type: 'string', value: 'N', help: 'at most N entries (1 to 100, default 100)' },
    json: { type: 'boolean', help: 'one JSON object, for scripts' },
  },
  details: ['Example: imwsi audit list --since 2026-11-30 --actor op@example.com'],
  async run(input) {
    const help = 'imwsi audit list';
    const query = {
      since: timeOption(input, 'since', help),
      until: timeOption(input, 'until', help),
      actor: stringOption(input, 'actor')?.toLowerCase(),
      afterId: wholeNumber(input, 'after-id', help),
    };
    const page = await withBackend(input.config(), (backend) =>
      backend.modules.service('admin').auditLog(localOperator, query, wholeNumber(input, 'max', help)),
    );
    if (input.options.get('json') === true) {
      process.stdout.write(JSON.stringify({ entries: page.items, nextAfterId: page.nextAfterId ?? null }, null, 2) + '\n');
      return;
    }
    const header = ['ID', 'TIME', 'ACTOR', 'ACTION', 'TARGET', 'OUTCOME'];
    const cells = page.items.map((e) => [String(e.id), new Date(e.at).toISOString(), e.actor, e.action, e.target ?? '-', e.outcome]);
    process.stdout.write(columns([header, ...cells]).join('\n') + '\n');
    if (page.nextAfterId !== undefined) process.stdout.write(`more: add --after-id ${page.nextAfterId}\n`);
  },
};

export const auditCommands: CommandGroup = {
  name: 'audit',
  summary: 'the audit log of administrative actions',
  commands: [list],
};
