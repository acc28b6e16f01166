// Whether a recipient takes a message from this sender (PP2-23, GU-5, use case 5.6), checked per recipient
// inside SendMessages' transaction after the address resolved to a local account.
// - The recipient blocks the sender, or accepts only contacts and the sender is none: POL3001, one answer
//   for both, so the sender cannot tell a block exists.
// - The sender blocks the recipient ("block messages to and from"): POL3003, told only to the blocker.
// - The recipient rejects while unavailable and says so: status `unavailable`, POL3002.
// A recipient that asked for it gets an attemptedContact notice for refusals it caused.
import type { ErrorCode } from '../errors.js';
import { AppError } from '../errors.js';
import { sendNotice } from './delivery.js';
import type { Repositories } from './ports.js';
import { defaultSettings } from './presence-types.js';
import { isUnavailableForMessages } from './presence-view.js';
import type { Account, RecipientState } from './types.js';

export interface Refusal {
  readonly status: Extract<RecipientState, 'failed' | 'unavailable'>;
  readonly code: ErrorCode;
  readonly text: string;
}

type Reason = 'blocked' | 'notContact' | 'unavailable';

/** What decides a recipient's answer to this sender, looked up once per request. */
interface Verdict {
  readonly senderBlocks: boolean;
  readonly reason: Reason | undefined;
  readonly notify: boolean;
}

const refusalCodes: ReadonlySet<string> = new Set(['POL3001', 'POL3002', 'POL3003']);
export const isRefusal = (code: string | undefined): boolean => code !== undefined && refusalCodes.has(code);

const refusal = (status: Refusal['status'], code: ErrorCode, address: string): Refusal => ({
  status,
  code,
  text: new AppError(code, [address]).message,
});

export function recipientAdmission(tx: Repositories, sender: Account, now: number, noticeValiditySeconds: number) {
  /** Inboxes that got an attemptedContact notice, to wake after commit. */
  const woken: number[] = [];

  async function lookUp(recipient: Account): Promise<Verdict> {
    if ((await tx.privacy.blockedAmong(sender.id, [recipient.id])).size > 0) return { senderBlocks: true, reason: undefined, notify: false };
    const settings = (await tx.privacy.settings([recipient.id])).get(recipient.id) ?? defaultSettings;
    const notify = settings.notifyAttemptedContacts;
    if ((await tx.privacy.blockedAmong(recipient.id, [sender.id])).size > 0) return { senderBlocks: false, reason: 'blocked', notify };
    if (settings.acceptMessagesFrom === 'contacts' && !(await tx.contacts.isContactOf(recipient.id, sender.id)))
      return { senderBlocks: false, reason: 'notContact', notify };
    if (settings.rejectWhileUnavailable) {
      const [presence] = await tx.presence.find([recipient.id]);
      if (isUnavailableForMessages(presence)) return { senderBlocks: false, reason: 'unavailable', notify };
    }
    return { senderBlocks: false, reason: undefined, notify };
  }

  // One look-up per recipient per request: a 100-message request to one inbox asked the same four questions
  // a hundred times (bench/README.md). Nothing a request writes changes the answers.
  const verdicts = new Map<number, Promise<Verdict>>();

  async function check(recipient: Account, hideSender: boolean): Promise<Refusal | undefined> {
    if (recipient.id === sender.id) return undefined;
    let verdict = verdicts.get(recipient.id);
    if (!verdict) verdicts.set(recipient.id, (verdict = lookUp(recipient)));
    const { senderBlocks, reason, notify } = await verdict;
    if (senderBlocks) return refusal('failed', 'POL3003', recipient.address);
    if (!reason) return undefined;
    if (notify) {
      // A sender that hid itself stays hidden, even here.
      const who = hideSender ? 'someone' : sender.address;
      woken.push(
        ...(await sendNotice(
          tx,
          { accountId: recipient.id, address: recipient.address },
          { type: 'attemptedContact', ...(hideSender ? {} : { address: sender.address }), reason },
          `Attempted contact from ${who} (${reason}).`,
          now,
          noticeValiditySeconds,
        )),
      );
    }
    return reason === 'unavailable' ? refusal('unavailable', 'POL3002', recipient.address) : refusal('failed', 'POL3001', recipient.address);
  }

  return { check, woken };
}
