// Sending as an alias (PP2-24, 25; docs/accounts.md): the sender names one of their own aliases, and the
// message carries it as the sender's address, so recipients never see the real one; a reply to the alias
// reaches the sender because addressing resolves aliases to their owner. Anything else is POL6009.
import { AppError } from '../../kernel/errors.js';
import { parseAddress } from '../../kernel/addresses.js';
import type { Repositories } from '../../kernel/ports.js';
import type { Account } from '../../kernel/types.js';

/** The address recipients see: `sendAs` when it is the caller's own (address or live alias), else POL6009. */
export async function sendAsAddress(tx: Repositories, sender: Account, sendAs: string): Promise<string> {
  const parsed = parseAddress(sendAs);
  // The request's value goes into the fault only once it is a well-formed address (it is echoed back).
  if (parsed.kind !== 'im') throw new AppError('POL6009', ['sendAs']);
  if (parsed.address === sender.address || (await tx.aliases.ownerOf(parsed.address)) === sender.id) return parsed.address;
  throw new AppError('POL6009', [parsed.address]);
}
