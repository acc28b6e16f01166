// Contacts added by alias (docs/accounts.md): an entry keeps the resolved account, so the list, its presence
// and authorization follow the user whatever happens to the alias; the owner sees the alias they added, never
// the real address. Once that alias is retired the entry shows the user's first live alias instead, or, when
// they have none left, still the alias it was added by (held, so nobody else takes it at once): the user
// dropped it, and the entry does not give their real address away.
import { parseAddress } from '../../kernel/addresses.js';
import type { Repositories } from '../../kernel/ports.js';
import type { ContactEntryRecord } from '../../kernel/social-types.js';
import type { Account } from '../../kernel/types.js';

/** The address the owner sees for an entry (and that `list:` sends to). */
export async function shownAddress(tx: Repositories, entry: ContactEntryRecord): Promise<string> {
  if (!entry.alias) return entry.address;
  if ((await tx.aliases.ownerOf(entry.alias)) === entry.accountId) return entry.alias;
  return (await tx.aliases.list(entry.accountId))[0] ?? entry.alias;
}

/**
 * The alias of `contact` that `named` is (the owner added them by it), else null. A bare screen name is
 * in the owner's domain, as the target resolver reads it.
 */
export async function aliasNamed(tx: Repositories, owner: Account, contact: Account, named: string): Promise<string | null> {
  const parsed = parseAddress(named);
  const address =
    parsed.kind === 'im'
      ? parsed.address
      : parsed.kind === 'username' && owner.role !== 'consumer'
        ? `${parsed.name.toLowerCase()}@${owner.address.slice(owner.address.lastIndexOf('@') + 1)}`
        : undefined;
  if (address === undefined || address === contact.address) return null;
  return (await tx.aliases.ownerOf(address)) === contact.id ? address : null;
}

/** The account an address names: its own, or the owner of the alias (a message sent as an alias). */
export async function accountNamed(tx: Repositories, address: string): Promise<Account | undefined> {
  const account = await tx.accounts.findByAddress(address);
  if (account) return account;
  const owner = await tx.aliases.ownerOf(address);
  return owner === undefined ? undefined : tx.accounts.findById(owner);
}
