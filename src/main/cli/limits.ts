// imwsi limits set | remove | list | names: the operator's limits (docs/operations.md "Limits"), system-wide or
// per domain, role, account or peer domain; the most specific one wins. The same policy service as the
// Administration service will call, as the local operator.
import { localOperator } from '../../kernel/require-role.js';
import { limitCatalog } from '../../modules/policy/index.js';
import { type Command, type CommandGroup, type CommandInput, type OptionSpec, UsageError } from './command.js';
import { withBackend } from './with-backend.js';

// --domain is the gateway's own setting (the hosted domains): the domain scope is --for-domain.
const optionOf = (scope: string) => (scope === 'domain' ? 'for-domain' : scope);

/** The scope options shared by limits and switches: at most one; none means the whole system (service). */
export function scopeOptions(scopes: readonly string[]): Record<string, OptionSpec> {
  const value = (scope: string) =>
    scope === 'account' ? 'ADDRESS' : scope === 'role' ? 'ROLE' : scope === 'destination' ? 'ADDRESS|DOMAIN' : 'DOMAIN';
  return Object.fromEntries(
    scopes.map((scope) => [optionOf(scope), { type: 'string', value: value(scope), help: `for this ${scope} only` }]),
  );
}

/** The scope named by the options, or `whole` when none is given. */
export function scopeOf(input: CommandInput, scopes: readonly string[], whole: string, helpFor: string): [string, string | undefined] {
  const given = scopes.filter((scope) => input.options.has(optionOf(scope)));
  if (given.length > 1) throw new UsageError(`give at most one of ${given.map((s) => `--${optionOf(s)}`).join(', ')}`, helpFor);
  const [scope] = given;
  return scope ? [scope, String(input.options.get(optionOf(scope)))] : [whole, undefined];
}

const limitScopes = ['domain', 'role', 'account', 'peer'];
const where = (scope: string, subject: string | undefined) => (subject === undefined ? scope : `${scope} ${subject}`);

const set: Command = {
  name: 'set',
  summary: 'set a limit (system-wide, or with --for-domain, --role, --account or --peer)',
  args: ['<name>', '<value>'],
  options: scopeOptions(limitScopes),
  details: [
    'Example: imwsi limits set messages.hour 100 --for-domain example.com',
    'Example: imwsi limits set inbox.overflow expire-oldest',
    'Setting a limit again replaces its value. `imwsi limits names` lists the names.',
  ],
  async run(input) {
    const [name, value] = input.args as [string, string];
    const [scope, subject] = scopeOf(input, limitScopes, 'system', 'imwsi limits set');
    const rule = await withBackend(input.config(), (backend) =>
      backend.modules.service('policy').setLimit(localOperator, scope, subject, name, value),
    );
    process.stdout.write(`limit ${rule.name} = ${rule.value ?? rule.text} for ${where(rule.scope, rule.subject || undefined)}\n`);
  },
};

const remove: Command = {
  name: 'remove',
  summary: 'remove a limit where it was set',
  args: ['<name>'],
  options: scopeOptions(limitScopes),
  details: ['Example: imwsi limits remove messages.hour --for-domain example.com'],
  async run(input) {
    const [name] = input.args as [string];
    const [scope, subject] = scopeOf(input, limitScopes, 'system', 'imwsi limits remove');
    const removed = await withBackend(input.config(), (backend) =>
      backend.modules.service('policy').removeLimit(localOperator, scope, subject, name),
    );
    process.stdout.write(
      removed ? `removed limit ${name} for ${where(scope, subject)}\n` : `no limit ${name} set for ${where(scope, subject)}\n`,
    );
  },
};

const list: Command = {
  name: 'list',
  summary: 'list the limits set: name, value, where',
  options: { json: { type: 'boolean', help: 'one JSON array, for scripts' } },
  async run(input) {
    const limits = await withBackend(input.config(), (backend) => backend.modules.service('policy').listLimits(localOperator));
    if (input.options.get('json') === true) process.stdout.write(JSON.stringify(limits) + '\n');
    else if (limits.length === 0) process.stdout.write('no limits set: see `imwsi limits set --help`\n');
    else for (const l of limits) process.stdout.write(`${l.name}\t${l.value ?? l.text}\t${where(l.scope, l.subject || undefined)}\n`);
  },
};

const show: Command = {
  name: 'show',
  summary: "an account's quota status: every limit that applies, where it is set, what is used and left, when it resets",
  args: ['<address>'],
  details: ['Example: imwsi limits show alice@example.com   (what GetQuotaStatus answers alice)'],
  async run(input) {
    const [address] = input.args as [string];
    const status = await withBackend(input.config(), (backend) => backend.modules.service('policy').quotaStatusOf(localOperator, address));
    for (const l of status.lines) {
      const parts = [l.name, where(l.rule.scope, l.rule.subject || undefined), `limit ${l.limit ?? l.rule.text}`];
      if (l.used !== undefined) parts.push(`used ${l.used}`, `left ${l.remaining}`);
      if (l.resetsAt !== undefined) parts.push(`resets ${new Date(l.resetsAt).toISOString()}`);
      process.stdout.write(parts.join('\t') + '\n');
    }
    const delivery = !status.deliveryOff ? 'on' : status.deliveryOff.setBy === 'user' ? 'paused by the user' : 'off';
    process.stdout.write(
      `submission ${status.submissionOff ? 'off' : 'on'}, delivery ${delivery}, ${status.storedMessages} stored by filters\n`,
    );
  },
};

const names: Command = {
  name: 'names',
  summary: 'list the limits that can be set, and what each counts',
  run() {
    for (const [name, kind] of limitCatalog) process.stdout.write(`${name.padEnd(16)}  ${kind.help}\n`);
    return Promise.resolve();
  },
};

export const limitsCommands: CommandGroup = {
  name: 'limits',
  summary: 'limits on sending, receiving, presence, groups and peers (docs/operations.md)',
  commands: [set, remove, list, show, names],
};
