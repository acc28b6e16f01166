// imwsi groups create | list | close | public-chat | ban | unban: the operator's hand on groups and chat
// rooms from the shell (GIM-7 groups for others, PP-40 closing any group, 5.17 the public chat switch and
// "remove and ban everywhere"; docs/groups.md). The same group services as SOAP, called as the local operator.
import { localOperator } from '../../kernel/require-role.js';
import { type Command, type CommandGroup, stringOption, UsageError } from './command.js';
import { withBackend } from './with-backend.js';

const positiveInt = (input: Parameters<Command['run']>[0], name: string, helpFor: string): number | undefined => {
  const raw = stringOption(input, name);
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} takes a whole number, not "${raw}"`, helpFor);
  return Number(raw);
};

const create: Command = {
  name: 'create',
  summary: 'create a group or a public room for an account (the owner)',
  args: ['<name>'],
  options: {
    owner: { type: 'string', value: 'ADDRESS', help: 'the account that owns the group (required)' },
    public: { type: 'boolean', help: 'a public room, listed in the room directory (screen names only)' },
    open: { type: 'boolean', help: 'anyone may join (default for public rooms; private groups are closed)' },
    'screen-name': { type: 'string', value: 'NAME', help: "the owner's screen name (required in a public room)" },
    topic: { type: 'string', value: 'TEXT', help: 'the topic' },
    duration: { type: 'string', value: 'SECONDS', help: 'a temporary group of this duration' },
  },
  details: ['Example: imwsi groups create "Chess lobby" --owner chess@example.com --public --screen-name Host --topic "openings"'],
  async run(input) {
    const [name] = input.args as [string];
    const owner = stringOption(input, 'owner');
    if (owner === undefined) throw new UsageError('--owner is required: the account that owns the group', 'imwsi groups create');
    const topic = stringOption(input, 'topic');
    const view = await withBackend(input.config(), (backend) =>
      backend.modules.service('groups').create(localOperator, {
        name,
        owner,
        visibility: input.options.get('public') === true ? 'public' : 'private',
        access: input.options.get('open') === true ? 'open' : undefined,
        durationSeconds: positiveInt(input, 'duration', 'imwsi groups create'),
        screenName: stringOption(input, 'screen-name'),
        properties: topic === undefined ? {} : { topic },
      }),
    );
    const g = view.group;
    process.stdout.write(`group ${g.id}: "${g.name}", ${g.visibility}, ${g.access}, owner ${g.ownerAddress ?? '-'}\n`);
  },
};

const list: Command = {
  name: 'list',
  summary: 'list open groups: public rooms, or every group with --all',
  options: {
    query: { type: 'string', value: 'TEXT', help: 'only groups whose name or topic contains TEXT' },
    all: { type: 'boolean', help: 'private groups too' },
  },
  async run(input) {
    const found = await withBackend(input.config(), (backend) =>
      backend.modules
        .service('groups')
        .rooms(localOperator, stringOption(input, 'query'), 0, Number.MAX_SAFE_INTEGER, input.options.get('all') === true),
    );
    for (const { group: g, memberCount } of found.rooms)
      process.stdout.write(`${g.id}\t${g.visibility}\t${g.access}\t${memberCount} members\t${g.name}${g.topic ? ` (${g.topic})` : ''}\n`);
    if (found.total > found.rooms.length) process.stdout.write(`... ${found.total - found.rooms.length} more: narrow with --query\n`);
  },
};

const close: Command = {
  name: 'close',
  summary: 'close a group or room at once; its members are told',
  args: ['<group-id>'],
  options: { reason: { type: 'string', value: 'TEXT', help: 'the reason members read (default: closed by the operator)' } },
  async run(input) {
    const [groupId] = input.args as [string];
    await withBackend(input.config(), (backend) =>
      backend.modules.service('groups').close(localOperator, groupId, stringOption(input, 'reason')),
    );
    process.stdout.write(`closed group ${groupId}\n`);
  },
};

const publicChat: Command = {
  name: 'public-chat',
  summary: 'switch public chat on or off for the whole server (the kill switch)',
  args: ['<on|off>'],
  async run(input) {
    const [state] = input.args as [string];
    if (state !== 'on' && state !== 'off') throw new UsageError(`say on or off, not "${state}"`, 'imwsi groups public-chat');
    await withBackend(input.config(), (backend) => backend.modules.service('groups').setPublicChat(localOperator, state === 'on'));
    process.stdout.write(`public chat is ${state}\n`);
  },
};

const ban: Command = {
  name: 'ban',
  summary: 'remove an account from every public room and bar it from public chat until unbanned',
  args: ['<address>'],
  options: { reason: { type: 'string', value: 'TEXT', help: 'the reason the rooms read' } },
  async run(input) {
    const [address] = input.args as [string];
    const banned = await withBackend(input.config(), (backend) =>
      backend.modules.service('groupChatBans').ban(localOperator, address, stringOption(input, 'reason')),
    );
    process.stdout.write(`${banned.address} is banned from public chat (removed from ${banned.roomsLeft} rooms)\n`);
  },
};

const unban: Command = {
  name: 'unban',
  summary: 'lift the public chat bar of an account',
  args: ['<address>'],
  async run(input) {
    const [address] = input.args as [string];
    const lifted = await withBackend(input.config(), (backend) => backend.modules.service('groupChatBans').unban(localOperator, address));
    process.stdout.write(`${lifted} may join public rooms again\n`);
  },
};

export const groupsCommands: CommandGroup = {
  name: 'groups',
  summary: 'groups and public chat rooms: create for an account, list, close, the public chat switch, bans everywhere',
  commands: [create, list, close, publicChat, ban, unban],
};
