// imwsi users add | provision | list | passwd | remove | cert: the accounts of the hosted domains (GS-1), through the
// same account service as SOAP.
import { readFileSync } from 'node:fs';
import type { Account, Role } from '../../kernel/types.js';
import { roles } from '../../kernel/types.js';
import type { ProvisionReport } from '../../modules/accounts/index.js';
import { type Command, type CommandGroup, type CommandInput, UsageError, stringOption } from './command.js';
import { columns } from './help.js';
import { passwordFrom } from './read-password.js';
import { withBackend } from './with-backend.js';
import { describeFailure, exitFailure } from './operator-errors.js';
import { progressBar } from './progress-bar.js';

const passwordOption = {
  type: 'string',
  value: 'P',
  help: 'the password (at least 8 characters); else the first line of standard input',
} as const;

/** A row of `users list`; a peer domain's user known here by its stand-in account reads as state `remote`. */
function listed(account: Account, hostedDomains: readonly string[]) {
  const hosted = hostedDomains.includes(account.address.slice(account.address.lastIndexOf('@') + 1));
  return {
    address: account.address,
    role: account.role,
    state: hosted ? account.state : 'remote',
    msisdn: account.msisdn,
    createdAt: new Date(account.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  };
}

function role(input: CommandInput): Role | undefined {
  const given = stringOption(input, 'role');
  if (given === undefined) return undefined;
  if (!(roles as readonly string[]).includes(given)) throw new UsageError(`--role must be one of ${roles.join(', ')}`, 'imwsi users add');
  return given as Role;
}

const add: Command = {
  name: 'add',
  summary: 'create an account in a hosted domain',
  args: ['<user@domain>'],
  options: {
    password: passwordOption,
    role: { type: 'string', value: 'ROLE', help: `${roles.join(', ')} (default: user)` },
    msisdn: { type: 'string', value: '+E164', help: 'the E.164 number that tel: addresses reach' },
    cert: { type: 'string', value: 'FILE', help: 'require requests signed with the key of this PEM certificate' },
  },
  details: ["Example: imwsi users add carol@example.com --password 'carol-secret' --msisdn +15550100003"],
  async run(input) {
    const [address] = input.args as [string];
    const chosenRole = role(input);
    const certFile = stringOption(input, 'cert');
    const certificate = certFile === undefined ? undefined : readFileSync(certFile, 'utf8');
    const password = await passwordFrom(stringOption(input, 'password'), 'imwsi users add');
    await withBackend(input.config(), async ({ accounts }) => {
      const account = await accounts.add({ address, password, role: chosenRole, msisdn: stringOption(input, 'msisdn') });
      if (certificate !== undefined) await accounts.setSigningCertificate(account.address, certificate);
      process.stdout.write(`added ${account.address} (${account.role}${account.msisdn ? `, ${account.msisdn}` : ''})\n`);
    });
  },
};

const provisionBatch = 100;

/** The report's failures as `line N: what to fix`, in file order. */
function failureLines(report: ProvisionReport, lines: readonly number[]): { line: number; text: string }[] {
  return report.failed.map(({ index, error }) => ({ line: lines[index]!, text: describeFailure(error).message.replace(/^imwsi: /, '') }));
}

const provision: Command = {
  name: 'provision',
  summary: 'provision subscribers for registration by number (5.18): one, or many from a CSV file',
  args: ['[user@domain]'],
  options: {
    password: { ...passwordOption, help: 'the preconfigured password the subscriber registers with' },
    msisdn: { type: 'string', value: '+E164', help: 'the number the subscriber registers with (tel:+E164)' },
    csv: { type: 'string', value: 'FILE', help: 'provision every "address,msisdn,password" line of FILE, with a progress bar' },
  },
  details: [
    "The account stays pending until the subscriber's first Register with these credentials (docs/accounts.md).",
    'Run it again safely: accounts already provisioned (or registered since) are skipped and counted.',
    "Example: imwsi users provision tina@example.com --msisdn +15550100077 --password 'preconfigured-1'",
    'Example: imwsi users provision --csv subscribers.csv   (exit status 1 when a line failed; each is listed)',
  ],
  async run(input) {
    const [address] = input.args;
    const file = stringOption(input, 'csv');
    if ((address === undefined) === (file === undefined))
      throw new UsageError('give either <user@domain> or --csv FILE', 'imwsi users provision');
    if (file === undefined) {
      const password = await passwordFrom(stringOption(input, 'password'), 'imwsi users provision');
      const row = { address: address!, msisdn: stringOption(input, 'msisdn'), password };
      const report = await withBackend(input.config(), ({ accounts }) => accounts.provision([row]));
      if (report.failed[0]) throw report.failed[0].error;
      const what = report.created.length > 0 ? 'provisioned' : 'already provisioned:';
      process.stdout.write(`${what} ${address!.toLowerCase()}${row.msisdn ? ` (${row.msisdn})` : ''}\n`);
      return;
    }
    const { parseProvisionCsv } = await import('../../modules/accounts/index.js');
    const { rows, problems } = parseProvisionCsv(readFileSync(file, 'utf8'));
    const failures = [...problems];
    let created = 0;
    let skipped = 0;
    await withBackend(input.config(), async ({ accounts }) => {
      const bar = progressBar(rows.length, 'provisioning');
      bar.update(0);
      for (let i = 0; i < rows.length; i += provisionBatch) {
        const batch = rows.slice(i, i + provisionBatch);
        let done = i;
        const report = await accounts.provision(
          batch.map((r) => r.row),
          () => bar.update(++done),
        );
        created += report.created.length;
        skipped += report.skipped.length;
        failures.push(
          ...failureLines(
            report,
            batch.map((r) => r.line),
          ),
        );
      }
      bar.done();
    });
    failures.sort((a, b) => a.line - b.line);
    for (const f of failures) process.stderr.write(`${file}: line ${f.line}: ${f.text}\n`);
    process.stdout.write(`provisioned ${created}, skipped ${skipped} already provisioned, failed ${failures.length}\n`);
    if (failures.length > 0) process.exitCode = exitFailure;
  },
};

const list: Command = {
  name: 'list',
  summary: 'list the accounts: address, role, state, number, creation date (UTC)',
  options: { json: { type: 'boolean', help: 'one JSON array, for scripts' } },
  async run(input) {
    const config = input.config();
    const accounts = await withBackend(config, ({ accounts }) => accounts.list());
    const rows = accounts.map((a) => listed(a, config.domains));
    if (input.options.get('json') === true) {
      process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      return;
    }
    if (rows.length === 0) {
      process.stdout.write('no accounts yet: add one with `imwsi users add user@domain`\n');
      return;
    }
    const header = ['ADDRESS', 'ROLE', 'STATE', 'NUMBER', 'CREATED'];
    const cells = rows.map((r) => [r.address, r.role, r.state, r.msisdn ?? '-', r.createdAt]);
    process.stdout.write(columns([header, ...cells]).join('\n') + '\n');
  },
};

const passwd: Command = {
  name: 'passwd',
  summary: "set an account's password",
  args: ['<user@domain>'],
  options: { password: passwordOption },
  async run(input) {
    const [address] = input.args as [string];
    const password = await passwordFrom(stringOption(input, 'password'), 'imwsi users passwd');
    await withBackend(input.config(), ({ accounts }) => accounts.setPassword(address, password));
    process.stdout.write(`password changed for ${address}\n`);
  },
};

const remove: Command = {
  name: 'remove',
  summary: 'remove an account and everything it holds (inbox, contacts, presence)',
  args: ['<user@domain>'],
  async run(input) {
    const [address] = input.args as [string];
    await withBackend(input.config(), ({ accounts }) => accounts.remove(address));
    process.stdout.write(`removed ${address}\n`);
  },
};

const cert: Command = {
  name: 'cert',
  summary: 'require X.509-signed requests from an account (--file), or no longer (--clear)',
  args: ['<user@domain>'],
  options: {
    file: { type: 'string', value: 'FILE', help: 'the PEM certificate whose key must sign the requests' },
    clear: { type: 'boolean', help: 'no longer require signed requests' },
  },
  async run(input) {
    const [address] = input.args as [string];
    const file = stringOption(input, 'file');
    const clear = input.options.get('clear') === true;
    if ((file === undefined) === !clear) throw new UsageError('give exactly one of --file FILE and --clear', 'imwsi users cert');
    const pem = file === undefined ? null : readFileSync(file, 'utf8');
    await withBackend(input.config(), ({ accounts }) => accounts.setSigningCertificate(address, pem));
    process.stdout.write(
      clear ? `${address} no longer needs signed requests\n` : `${address} must now sign its requests with the key of ${file}\n`,
    );
  },
};

export const usersCommands: CommandGroup = {
  name: 'users',
  summary: 'manage the accounts of the hosted domains',
  commands: [add, provision, list, passwd, remove, cert],
};
