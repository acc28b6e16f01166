// imwsi accounts list | search | show | suspend | resume | reset-password | remove: the operator's account
// operations (GO-2, PP2-9), the same as the Administration service's, through the administration module's
// service, so each change is written to the audit log (`imwsi audit list`).
import { localOperator } from '../../kernel/require-role.js';
import { type Account, type AccountState, accountStates, type Role, roles } from '../../kernel/types.js';
import type { Backend } from '../backend.js';
import { type Command, type CommandGroup, type CommandInput, UsageError, stringOption } from './command.js';
import { columns } from './help.js';
import { wholeNumber } from './value-options.js';
import { withBackend } from './with-backend.js';

const admin = (backend: Backend) => backend.modules.service('admin');

function printAccounts(accounts: readonly Account[], nextAfterId: number | undefined, json: boolean): void {
  const rows = accounts.map((a) => ({
    id: a.id,
    address: a.address,
    role: a.role,
    state: a.state,
    msisdn: a.msisdn,
    createdAt: new Date(a.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  }));
  if (json) {
    process.stdout.write(JSON.stringify({ accounts: rows, nextAfterId: nextAfterId ?? null }, null, 2) + '\n');
    return;
  }
  const header = ['ID', 'ADDRESS', 'ROLE', 'STATE', 'NUMBER', 'CREATED'];
  const cells = rows.map((r) => [String(r.id), r.address, r.role, r.state, r.msisdn ?? '-', r.createdAt]);
  process.stdout.write(columns([header, ...cells]).join('\n') + '\n');
  if (nextAfterId !== undefined) process.stdout.write(`more: add --after-id ${nextAfterId}\n`);
}

function oneOf<T extends string>(input: CommandInput, name: string, allowed: readonly T[], help: string): T | undefined {
  const given = stringOption(input, name);
  if (given === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(given)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`, help);
  return given as T;
}

const pageOptions = {
  'after-id': { type: 'string', value: 'ID', help: 'the page after this account id (the last one shown)' },
  max: { type: 'string', value: 'N', help: 'at most N accounts (1 to 100, default 100)' },
  json: { type: 'boolean', help: 'one JSON object, for scripts' },
} as const;

const list: Command = {
  name: 'list',
  summary: 'accounts in id order, a page at a time, optionally of one state or role',
  options: {
    state: { type: 'string', value: 'STATE', help: accountStates.join(', ') },
    role: { type: 'string', value: 'ROLE', help: roles.join(', ') },
    ...pageOptions,
  },
  details: ['Example: imwsi accounts list --state suspended'],
  async run(input) {
    const help = 'imwsi accounts list';
    const filter = {
      state: oneOf<AccountState>(input, 'state', accountStates, help),
      role: oneOf<Role>(input, 'role', roles, help),
      afterId: wholeNumber(input, 'after-id', help),
      limit: wholeNumber(input, 'max', help),
    };
    const page = await withBackend(input.config(), (backend) => admin(backend).list(localOperator, filter));
    printAccounts(page.items, page.nextAfterId, input.options.get('json') === true);
  },
};

const search: Command = {
  name: 'search',
  summary: 'accounts whose address or number contains TEXT',
  args: ['<text>'],
  options: pageOptions,
  details: ['Example: imwsi accounts search +1555'],
  async run(input) {
    const help = 'imwsi accounts search';
    const [text] = input.args as [string];
    const page = await withBackend(input.config(), (backend) =>
      admin(backend).search(localOperator, text, wholeNumber(input, 'after-id', help), wholeNumber(input, 'max', help)),
    );
    printAccounts(page.items, page.nextAfterId, input.options.get('json') === true);
  },
};

const show: Command = {
  name: 'show',
  summary: 'one account: role, state, number, and what it pays',
  args: ['<user@domain>'],
  async run(input) {
    const [address] = input.args as [string];
    const { account, charging } = await withBackend(input.config(), (backend) => admin(backend).show(localOperator, address));
    const lines = [
      ['address', account.address],
      ['role', account.role],
      ['state', account.state],
      ['number', account.msisdn ?? '-'],
      ['created', new Date(account.createdAt).toISOString()],
      ['payment', charging.payment],
      ['balance', String(charging.balance)],
      ['tariff', `${charging.perMessage}/message + ${charging.perRecipient}/recipient + ${charging.perKilobyte}/KB`],
      ['subscriber id', charging.subscriberId ?? '-'],
    ];
    process.stdout.write(columns(lines).join('\n') + '\n');
  },
};

/** A command that changes one account's state. */
const stateChange = (name: 'suspend' | 'resume', summary: string): Command => ({
  name,
  summary,
  args: ['<user@domain>'],
  async run(input) {
    const [address] = input.args as [string];
    const account = await withBackend(input.config(), (backend) => admin(backend)[name](localOperator, address));
    process.stdout.write(`${account.address} is ${account.state}\n`);
  },
});

const resetPassword: Command = {
  name: 'reset-password',
  summary: 'set a new password; without --password one is made and printed once',
  args: ['<user@domain>'],
  options: { password: { type: 'string', value: 'P', help: 'the new password (at least 8 characters)' } },
  async run(input) {
    const [address] = input.args as [string];
    const generated = await withBackend(input.config(), (backend) =>
      admin(backend).resetPassword(localOperator, address, stringOption(input, 'password')),
    );
    process.stdout.write(generated === undefined ? `password of ${address} changed\n` : `new password of ${address}: ${generated}\n`);
  },
};

const removeFromGroups: Command = {
  name: 'remove-from-groups',
  summary: 'kick (or --ban) an account out of every group it is in, except those it owns',
  args: ['<user@domain>'],
  options: {
    ban: { type: 'boolean', help: 'ban, so it cannot join them again' },
    reason: { type: 'string', value: 'TEXT', help: 'why: the groups hear it' },
  },
  details: ["Example: imwsi accounts remove-from-groups spammer@example.com --ban --reason 'spam'"],
  async run(input) {
    const [address] = input.args as [string];
    const removed = await withBackend(input.config(), (backend) =>
      admin(backend).removeFromGroups(localOperator, address, input.options.get('ban') === true, stringOption(input, 'reason')),
    );
    if (removed.length === 0) process.stdout.write(`${address} is in no group\n`);
    for (const r of removed) process.stdout.write(`${r.groupId}\t${r.outcome}\n`);
  },
};

const remove: Command = {
  name: 'remove',
  summary: 'delete an account (its usage records stay)',
  args: ['<user@domain>'],
  async run(input) {
    const [address] = input.args as [string];
    await withBackend(input.config(), (backend) => admin(backend).delete(localOperator, address));
    process.stdout.write(`removed ${address}\n`);
  },
};

export const accountsCommands: CommandGroup = {
  name: 'accounts',
  summary: "the operator's account administration, audited (list, search, suspend, resume ...)",
  commands: [
    list,
    search,
    show,
    stateChange('suspend', 'suspend an account: its logins and requests are refused (POL6001)'),
    stateChange('resume', 'lift a suspension'),
    resetPassword,
    remove,
    removeFromGroups,
  ],
};
