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

  async function reasonToRefuse(recipient: Account): Promise<Reason | undefined> {
    if ((await tx.privacy.blockedAmong(recipient.id, [sender.id])).size > 0) return 'blocked';
    const settings = (await tx.privacy.settings([recipient.id])).get(recipient.id) ?? defaultSettings;
    if (settings.acceptMessagesFrom === 'contacts' && !(await tx.contacts.isContactOf(recipient.id, sender.id))) return 'notContact';
    if (settings.rejectWhileUnavailable) {
      const [presence] = await tx.presence.find([recipient.id]);
      if (isUnavailableForMessages(presence)) return 'unavailable';
    }
    return undefined;
  }

  async function check(recipient: Account, hideSender: boolean): Promise<Refusal | undefined> {
    if (recipient.id === sender.id) return undefined;
    if ((await tx.privacy.blockedAmong(sender.id, [recipient.id])).size > 0) return refusal('failed', 'POL3003', recipient.address);
    const reason = await reasonToRefuse(recipient);
    if (!reason) return undefined;
    const settings = (await tx.privacy.settings([recipient.id])).get(recipient.id) ?? defaultSettings;
    if (settings.notifyAttemptedContacts) {
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
