// Whether a recipient takes a message from this sender (PP2-23, GU-5, use case 5.6), checked per recipient
// inside SendMessages' transaction after the address resolved to a local account.
// - The recipient blocks the sender, or accepts only contacts and the sender is none: POL3001, one answer
//   for both, so the sender cannot tell a block exists.
// - The sender blocks the recipient ("block messages to and from"): POL3003, told only to the blocker.
// - The recipient rejects while unavailable and says so: status `unavailable`, POL3002.
// A recipient that asked for it gets an attemptedContact notice for refusals it caused.
import type { ErrorCode } from '../../kernel/errors.js';
import { AppError } from '../../kernel/errors.js';
import { type Notice, sendNotice } from '../inbox/index.js';
import type { AttemptReason } from '../../kernel/notices.js';
import type { Work } from '../../platform/db/unit-of-work.js';
import { defaultSettings, type UserSettings } from '../presence/index.js';
import { isUnavailableForMessages } from '../presence/index.js';
import type { Account, RecipientState } from '../../kernel/types.js';

export interface Refusal {
  readonly status: Extract<RecipientState, 'failed' | 'unavailable'>;
  readonly code: ErrorCode;
  readonly text: string;
}

const refusal = (status: Refusal['status'], code: ErrorCode, address: string): Refusal => ({
  status,
  code,
  text: new AppError(code, [address]).message,
});

/** What one recipient's admission depends on, loaded once per request for all its recipients. */
interface RecipientFacts {
  /** The sender blocks this recipient. */
  readonly blockedBySender: boolean;
  /** This recipient blocks the sender. */
  readonly blocksSender: boolean;
  readonly settings: UserSettings;
}

export function recipientAdmission(work: Work, sender: Account, noticeValiditySeconds: number) {
  const { tx, now } = work;
  const known = new Map<number, RecipientFacts>();

  /**
   * Loads blocks (both ways) and settings for recipients not seen yet in this request: one statement per
   * message however many recipients it has, none for recipients already seen.
   */
  async function prepare(accountIds: readonly number[]): Promise<void> {
    const fresh = [...new Set(accountIds)].filter((id) => id !== sender.id && !known.has(id));
    if (fresh.length === 0) return;
    const facts = await tx.privacy.admissionFacts(sender.id, fresh);
    for (const id of fresh) {
      const found = facts.get(id);
      known.set(id, {
        blockedBySender: found?.blockedBySender ?? false,
        blocksSender: found?.blocksSender ?? false,
        settings: found?.settings ?? defaultSettings,
      });
    }
  }

  async function lookUp(recipient: Account, facts: RecipientFacts): Promise<AttemptReason | undefined> {
    if (facts.blocksSender) return 'blocked';
    if (facts.settings.acceptMessagesFrom === 'contacts' && !(await tx.contacts.isContactOf(recipient.id, sender.id))) return 'notContact';
    if (facts.settings.rejectWhileUnavailable) {
      const [presence] = await tx.presence.find([recipient.id]);
      if (isUnavailableForMessages(presence)) return 'unavailable';
    }
    return undefined;
  }

  // One answer per recipient per request: a 100-message request to one inbox asked the same questions a
  // hundred times (bench/README.md). Nothing a request writes changes the answers.
  const reasons = new Map<number, Promise<AttemptReason | undefined>>();
  function reasonToRefuse(recipient: Account, facts: RecipientFacts): Promise<AttemptReason | undefined> {
    let reason = reasons.get(recipient.id);
    if (!reason) reasons.set(recipient.id, (reason = lookUp(recipient, facts)));
    return reason;
  }

  async function check(recipient: Account, hideSender: boolean): Promise<Refusal | undefined> {
    if (recipient.id === sender.id) return undefined;
    await prepare([recipient.id]);
    const facts = known.get(recipient.id)!;
    if (facts.blockedBySender) return refusal('failed', 'POL3003', recipient.address);
    const reason = await reasonToRefuse(recipient, facts);
    if (!reason) return undefined;
    if (facts.settings.notifyAttemptedContacts) {
      // A sender that hid itself stays hidden, even here.
      const notice: Notice = {
        to: { accountId: recipient.id, address: recipient.address },
        notification: { type: 'attemptedContact', ...(hideSender ? {} : { address: sender.address }), reason },
      };
      work.wake(await sendNotice(tx, notice, now, noticeValiditySeconds));
    }
    return reason === 'unavailable'
      ? refusal('unavailable', 'POL3002', recipient.address)
      : refusal('failed', 'POL3001', recipient.address);
  }

  return { prepare, check };
}
