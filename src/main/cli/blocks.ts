// imwsi blocks add | remove | list: the operator blocks a peer domain's user or a whole peer domain for every
// user here (issue 14, docs/federation.md "Blocking"): their messages are refused and their subscription
// requests stay pending, without telling them. The same privacy service as SOAP, as the local operator.
import { localOperator } from '../../kernel/require-role.js';
import { type Command, type CommandGroup, stringOption } from './command.js';
import { withBackend } from './with-backend.js';

const add: Command = {
  name: 'add',
  summary: "block a peer domain's user (user@domain) or a whole peer domain (domain) for everyone",
  args: ['<address|domain>'],
  options: { reason: { type: 'string', value: 'TEXT', help: 'why, for the operator (never sent to anyone)' } },
  async run(input) {
    const [target] = input.args as [string];
    const blocked = await withBackend(input.config(), (backend) =>
      backend.modules.service('privacy').operatorBlock(localOperator, target, stringOption(input, 'reason')),
    );
    process.stdout.write(`blocked ${blocked} for every user\n`);
  },
};

const remove: Command = {
  name: 'remove',
  summary: 'lift an operator block',
  args: ['<address|domain>'],
  async run(input) {
    const [target] = input.args as [string];
    const lifted = await withBackend(input.config(), (backend) =>
      backend.modules.service('privacy').operatorUnblock(localOperator, target),
    );
    process.stdout.write(lifted ? `unblocked ${target}\n` : `${target} was not blocked: nothing to lift\n`);
  },
};

const list: Command = {
  name: 'list',
  summary: 'the operator blocks, oldest first',
  async run(input) {
    const blocks = await withBackend(input.config(), (backend) => backend.modules.service('privacy').operatorBlocks(localOperator));
    for (const b of blocks) process.stdout.write(`${b.target}\t${new Date(b.createdAt).toISOString()}\t${b.reason ?? ''}\n`);
    if (blocks.length === 0) process.stdout.write('no operator blocks\n');
  },
};

export const blocksCommands: CommandGroup = {
  name: 'blocks',
  summary: "the operator's blocks of peer domains' users and of whole peer domains",
  commands: [add, remove, list],
};
