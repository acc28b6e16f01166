// imwsi switches off | on | list: submission and delivery switched off and on per service, domain, account or
// peer (PP-10), and non-delivery reports held back per destination or for the service (PP2-32); docs/operations.md
// "Switches". While delivery is off, messages are kept up to their expiry and delivered once it is on again.
import { localOperator } from '../../kernel/require-role.js';
import { switchKinds, switchPlace } from '../../modules/policy/index.js';
import { type Command, type CommandGroup, type CommandInput, UsageError } from './command.js';
import { scopeOf, scopeOptions } from './limits.js';
import { withBackend } from './with-backend.js';

const scopes = ['domain', 'account', 'peer', 'destination'];

function kindOf(input: CommandInput, helpFor: string): string {
  const [kind] = input.args as [string];
  if (!(switchKinds as readonly string[]).includes(kind))
    throw new UsageError(`the switch is one of ${switchKinds.join(', ')}, not "${kind}"`, helpFor);
  return kind;
}

const turn = (on: boolean): Command => ({
  name: on ? 'on' : 'off',
  summary: on ? 'switch submission, delivery or reports back on' : 'switch submission, delivery or reports off',
  args: ['<submission|delivery|reports>'],
  options: scopeOptions(scopes),
  details: on
    ? ['Example: imwsi switches on delivery --for-domain example.com']
    : [
        'Example: imwsi switches off delivery --for-domain example.com   (messages are kept, delivered once on again)',
        'Example: imwsi switches off reports --destination b2.example   (no non-delivery reports about it)',
        'No scope option: the whole service.',
      ],
  async run(input) {
    const helpFor = `imwsi switches ${on ? 'on' : 'off'}`;
    const kind = kindOf(input, helpFor);
    const [scope, subject] = scopeOf(input, scopes, 'service', helpFor);
    const changed = await withBackend(input.config(), (backend) =>
      backend.modules.service('policy').setSwitch(localOperator, kind, scope, subject, on),
    );
    const place = switchPlace({ kind: 'submission', scope: scope as never, subject: subject ?? '', setBy: 'operator' });
    process.stdout.write(`${kind} ${on ? 'on' : 'off'} for ${place}${changed ? '' : ' (it already was)'}\n`);
  },
});

const list: Command = {
  name: 'list',
  summary: 'list what is switched off, and where (a user pausing their own delivery shows as set by user)',
  options: { json: { type: 'boolean', help: 'one JSON array, for scripts' } },
  async run(input) {
    const off = await withBackend(input.config(), (backend) => backend.modules.service('policy').listSwitches(localOperator));
    if (input.options.get('json') === true) process.stdout.write(JSON.stringify(off) + '\n');
    else if (off.length === 0) process.stdout.write('everything is on\n');
    else for (const s of off) process.stdout.write(`${s.kind} off\t${switchPlace(s)}\tset by ${s.setBy}\n`);
  },
};

export const switchesCommands: CommandGroup = {
  name: 'switches',
  summary: 'switch submission, delivery and non-delivery reports off and on (docs/operations.md)',
  commands: [turn(false), turn(true), list],
};
