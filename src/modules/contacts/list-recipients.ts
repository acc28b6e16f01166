// PP2-35/37: a sender addresses a whole contact list of its own as `list:<name>` in SendMessages. The
// list expands to its members' addresses before resolution; each member then gets its own result.
import { AppError } from '../../kernel/errors.js';
import type { Repositories } from '../../kernel/ports.js';
import type { Resolution } from '../addressing/index.js';
import type { Account } from '../../kernel/types.js';
import { shownAddress } from './entry-address.js';

export const listPrefix = 'list:';

type Entry = string | Extract<Resolution, { ok: false }>;
const isList = (entry: Entry) => typeof entry === 'string' && entry.trim().toLowerCase().startsWith(listPrefix);

/**
 * The SendMessages expansion hook: `list:` entries replaced by their members, in place (duplicates dropped);
 * an unknown list fails as that recipient. Messaging checks the recipient limit on the result.
 */
export async function expandListRecipients(tx: Repositories, sender: Account, recipients: readonly Entry[]): Promise<Entry[]> {
  if (!recipients.some(isList)) return [...recipients];
  const out: Entry[] = [];
  const seen = new Set<string>();
  for (const raw of recipients) {
    if (typeof raw !== 'string') {
      out.push(raw);
      continue;
    }
    const text = raw.trim();
    if (!text.toLowerCase().startsWith(listPrefix)) {
      if (!seen.has(text)) out.push(raw);
      seen.add(text);
      continue;
    }
    const name = text.slice(listPrefix.length).trim();
    const list = await tx.contacts.findList(sender.id, name);
    if (!list) {
      out.push({ ok: false, address: text, code: 'SVC3001', text: new AppError('SVC3001', [name]).message });
      continue;
    }
    for (const entry of await tx.contacts.entries([list.id])) {
      // The address the owner sees: a contact added by alias gets the message at that alias.
      const address = await shownAddress(tx, entry);
      if (!seen.has(address)) out.push(address);
      seen.add(address);
    }
  }
  return out;
}
