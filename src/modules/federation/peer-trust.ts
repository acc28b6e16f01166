// Who a SendMessages speaks for (5.14). A peer domain forwards with its peer account and names the original
// sender in `originator`; it may do so only for the domains bound to that account in the peer table, so a
// peer can never forge a sender in a domain it does not own (nor in one hosted here).
import { AppError } from '../../kernel/errors.js';
import { parseAddress } from '../../kernel/addresses.js';
import type { Repositories } from '../../kernel/ports.js';
import type { Account } from '../../kernel/types.js';

export async function senderAddressOf(
  tx: Repositories,
  caller: Account,
  originator: string | undefined,
  hostedDomains: readonly string[],
): Promise<string> {
  if (originator === undefined) return caller.address;
  const parsed = parseAddress(originator);
  if (parsed.kind !== 'im') throw new AppError('SVC2003', [originator]);
  const peer = hostedDomains.includes(parsed.domain) ? undefined : await tx.peers.find(parsed.domain);
  if (!peer || peer.inboundAccountId !== caller.id) throw new AppError('POL4001', [caller.address, parsed.address, parsed.domain]);
  return parsed.address;
}
