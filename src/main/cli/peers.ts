// imwsi peers add | list | remove: the peer routing table (use case 5.14, docs/federation.md): where to
// forward a domain, and which local account a peer sends with.
import { localOperator } from '../../kernel/require-role.js';
import { type Command, type CommandGroup, stringOption } from './command.js';
import { withBackend } from './with-backend.js';

const add: Command = {
  name: 'add',
  summary: 'route a foreign domain to a peer gateway, and/or name the account the peer sends with',
  args: ['<domain>'],
  options: {
    endpoint: { type: 'string', value: 'URL', help: "the peer's InstantMessaging endpoint" },
    username: { type: 'string', value: 'U', help: 'the account the peer gave this gateway' },
    password: { type: 'string', value: 'P', help: 'its password' },
    'inbound-account': { type: 'string', value: 'ADDRESS', help: 'the local account the peer sends with' },
  },
  details: [
    'Example: imwsi peers add b2.example --endpoint http://b2.example.net:8080/wsi/InstantMessaging --username peer-b1@b2.example --password P',
  ],
  async run(input) {
    const [domain] = input.args as [string];
    const peer = await withBackend(input.config(), (backend) =>
      backend.modules.service('peers').add(localOperator, {
        domain,
        endpoint: stringOption(input, 'endpoint'),
        username: stringOption(input, 'username'),
        password: stringOption(input, 'password'),
        inboundAccount: stringOption(input, 'inbound-account'),
      }),
    );
    const sendsAs = peer.inboundAccount ? `, sends as ${peer.inboundAccount}` : '';
    process.stdout.write(`peer ${peer.domain}: ${peer.endpointUrl ?? 'no outbound route'}${sendsAs}\n`);
  },
};

const list: Command = {
  name: 'list',
  summary: 'list the peers: domain, endpoint, remote username, inbound account',
  async run(input) {
    const peers = await withBackend(input.config(), (backend) => backend.modules.service('peers').list(localOperator));
    for (const p of peers)
      process.stdout.write(`${p.domain}\t${p.endpointUrl ?? '-'}\t${p.remoteUsername ?? '-'}\t${p.inboundAccount ?? '-'}\n`);
  },
};

const remove: Command = {
  name: 'remove',
  summary: 'remove a peer domain',
  args: ['<domain>'],
  async run(input) {
    const [domain] = input.args as [string];
    await withBackend(input.config(), (backend) => backend.modules.service('peers').remove(localOperator, domain));
    process.stdout.write(`removed peer ${domain}\n`);
  },
};

export const peersCommands: CommandGroup = {
  name: 'peers',
  summary: "route other providers' domains to their gateways (federation)",
  commands: [add, list, remove],
};
