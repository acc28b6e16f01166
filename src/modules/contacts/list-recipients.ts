// PP2-35/37: a sender addresses a whole contact list of its own as `list:<name>` in SendMessages. The
// list expands to its members' addresses before resolution; each member then gets its own result.
import { AppError } from '../../kernel/errors.js';
import type { MessagingLimits } from '../messaging/messaging-policy.js';
import type { Repositories } from '../../kernel/ports.js';
import type { Resolution } from '../messaging/recipient-resolver.js';
import type { Account } from '../../kernel/types.js';

export const listPrefix = 'list:';

type Failure = Extract<Resolution, { ok: false }>;

/** The recipients with `list:` entries replaced by their members (duplicates dropped); unknown lists fail. */
export async function expandListRecipients(
  tx: Repositories,
  sender: Account,
  recipients: readonly string[],
  limits: MessagingLimits,
  part: string,
): Promise<(string | Failure)[]> {
  if (!recipients.some((r) => r.trim().toLowerCase().startsWith(listPrefix))) return [...recipients];
  const out: (string | Failure)[] = [];
  const seen = new Set<string>();
  for (const raw of recipients) {
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
      if (!seen.has(entry.address)) out.push(entry.address);
      seen.add(entry.address);
    }
  }
  if (out.length > limits.recipientsPerMessage) throw new AppError('POL0003', [`${part}.recipient`, limits.recipientsPerMessage]);
  return out;
}
