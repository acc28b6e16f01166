// imwsi stats: the service at a glance (PP2-11), as the Administration service's GetStatistics: accounts by
// state, queues, messages per second over the last minute by domain and consumer, the deepest inboxes and
// the peers' queues.
import { localOperator } from '../../kernel/require-role.js';
import type { Command } from './command.js';
import { columns } from './help.js';
import { withBackend } from './with-backend.js';

export const statsCommand: Command = {
  name: 'stats',
  summary: 'service statistics and live traffic (accounts, queues, messages per second)',
  options: { json: { type: 'boolean', help: 'one JSON object, for scripts' } },
  async run(input) {
    const s = await withBackend(input.config(), (backend) => backend.modules.service('admin').statistics(localOperator));
    if (input.options.get('json') === true) {
      process.stdout.write(JSON.stringify(s, null, 2) + '\n');
      return;
    }
    const lines: string[][] = [
      ['accounts', `${s.accounts.active} active, ${s.accounts.suspended} suspended, ${s.accounts.pending} pending`],
      ['inbox messages', String(s.inboxMessages)],
      ['outbound queue', String(s.outboundQueued)],
      ['usage records', String(s.usageRecords)],
      ...s.domainTraffic.map((r) => [`domain ${r.name}`, `${r.messagesPerSecond}/s (${r.messages} in ${s.windowSeconds} s)`]),
      ...s.consumerTraffic.map((r) => [`consumer ${r.name}`, `${r.messagesPerSecond}/s (${r.messages} in ${s.windowSeconds} s)`]),
      ...s.deepestInboxes.map((d) => [`inbox ${d.address}`, `${d.depth} waiting`]),
      ...s.peerQueues.map((p) => [`peer ${p.domain}`, `${p.depth} queued`]),
    ];
    process.stdout.write(columns(lines).join('\n') + '\n');
  },
};
