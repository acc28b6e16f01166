// imwsi filters add | list | remove: the operator's system filters, which users cannot override, and filters
// on a user's inbox (--owner); docs/operations.md "Filters". Patterns are globs (* and ?), never regexes.
import { localOperator } from '../../kernel/require-role.js';
import { type Command, type CommandGroup, type CommandInput, stringOption, UsageError } from './command.js';
import { withBackend } from './with-backend.js';

const criteriaOptions = {
  sender: 'sender address pattern, e.g. *@spam.example',
  'sender-domain': 'sender domain pattern',
  recipient: 'recipient address pattern',
  'content-type': 'type/subtype or type/*',
  'min-bytes': 'content of at least this many bytes',
  'max-bytes': 'content of at most this many bytes',
  priority: 'low | normal | high | urgent',
  subject: 'subject contains this pattern',
  text: 'text content contains this pattern',
  hours: 'UTC time of day, e.g. 22:00-06:00',
  'recipient-available': 'true: the recipient is available; false: away, busy or offline',
} as const;

const camel = (name: string) => name.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());

function criteriaOf(input: CommandInput): Record<string, string | number | boolean> {
  const criteria: Record<string, string | number | boolean> = {};
  for (const name of Object.keys(criteriaOptions)) {
    const value = stringOption(input, name);
    if (value === undefined) continue;
    if (name.endsWith('-bytes') && !/^\d+$/.test(value))
      throw new UsageError(`--${name} takes a whole number, not "${value}"`, 'imwsi filters add');
    if (name === 'recipient-available' && value !== 'true' && value !== 'false')
      throw new UsageError(`--${name} takes true or false, not "${value}"`, 'imwsi filters add');
    criteria[camel(name)] = name.endsWith('-bytes') ? Number(value) : name === 'recipient-available' ? value === 'true' : value;
  }
  return criteria;
}

const owner = { type: 'string', value: 'ADDRESS', help: "a filter on this user's inbox (default: a system filter)" } as const;

const add: Command = {
  name: 'add',
  summary: 'add a filter: every criterion given must match; the treatment says what happens',
  options: {
    ...Object.fromEntries(Object.entries(criteriaOptions).map(([name, help]) => [name, { type: 'string', value: 'X', help }])),
    treatment: { type: 'string', value: 'T', help: 'reject | rejectSilent | discard | store | redirect | tag (required)' },
    'redirect-to': { type: 'string', value: 'ADDRESS', help: 'where redirect delivers instead' },
    tag: { type: 'string', value: 'TEXT', help: 'the tag the tag treatment puts on the inbox message' },
    owner,
  },
  details: [
    'Example: imwsi filters add --sender-domain spam.example --treatment rejectSilent',
    'Example: imwsi filters add --owner bob@example.com --subject "*lottery*" --treatment discard',
  ],
  async run(input) {
    const treatment = stringOption(input, 'treatment');
    if (treatment === undefined) throw new UsageError('--treatment is required', 'imwsi filters add');
    const id = await withBackend(input.config(), (backend) =>
      backend.modules
        .service('policy')
        .addFilter(
          localOperator,
          stringOption(input, 'owner'),
          criteriaOf(input),
          treatment,
          stringOption(input, 'redirect-to') ?? stringOption(input, 'tag'),
        ),
    );
    process.stdout.write(`filter ${id} added\n`);
  },
};

const list: Command = {
  name: 'list',
  summary: 'list the filters: id, owner (system for the operator), treatment, criteria',
  options: { json: { type: 'boolean', help: 'one JSON array, for scripts' } },
  async run(input) {
    const filters = await withBackend(input.config(), (backend) => backend.modules.service('policy').listFilters(localOperator));
    if (input.options.get('json') === true) process.stdout.write(JSON.stringify(filters) + '\n');
    else if (filters.length === 0) process.stdout.write('no filters: see `imwsi filters add --help`\n');
    else
      for (const f of filters)
        process.stdout.write(
          `${f.id}\t${f.owner ?? 'system'}\t${f.treatment}${f.argument ? ` ${f.argument}` : ''}\t${JSON.stringify(f.criteria)}\n`,
        );
  },
};

const remove: Command = {
  name: 'remove',
  summary: 'remove a filter by id (--owner for a filter on a user inbox)',
  args: ['<id>'],
  options: { owner },
  async run(input) {
    const [raw] = input.args as [string];
    if (!/^\d+$/.test(raw)) throw new UsageError(`the filter id is a number, not "${raw}"`, 'imwsi filters remove');
    const removed = await withBackend(input.config(), (backend) =>
      backend.modules.service('policy').removeFilter(localOperator, Number(raw), stringOption(input, 'owner')),
    );
    process.stdout.write(removed ? `filter ${raw} removed\n` : `no filter ${raw} here: see \`imwsi filters list\`\n`);
  },
};

export const filtersCommands: CommandGroup = {
  name: 'filters',
  summary: 'system filters and filters on user inboxes (docs/operations.md)',
  commands: [add, list, remove],
};
