// Whether a recipient takes a message from this sender (PP2-23, GU-5, use case 5.6), checked per recipient
// inside SendMessages' transaction after the address resolved to a local account.
// - The recipient blocks the sender, or accepts only contacts and the sender is none: POL3001, one answer
//   for both, so the sender cannot tell a block exists.
// - The sender blocks the recipient ("block messages to and from"): POL3003, told only to the blocker.
// - The recipient rejects while unavailable and says so: status `unavailable`, POL3002.
// A recipient that asked for it gets an attemptedContact notice for refusals it caused.
// A message a peer domain forwards is judged by its original sender (`originator`), through that user's
// stand-in account here (docs/federation.md): a block of a peer domain's user refuses their messages too.
import type { ErrorCode } from '../../kernel/errors.js';
import { AppError } from '../../kernel/errors.js';
import { type Notice, sendNotice } from '../inbox/index.js';
import type { AttemptReason } from '../../kernel/notices.js';
import type { Work } from '../../platform/db/unit-of-work.js';
import { defaultSettings, type UserSettings } from '../presence/index.js';
import { unavailableForMessages } from '../presence/index.js';
import { type Account, guestPolicyClass, type RecipientState } from '../../kernel/types.js';

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
  /** Read with the facts when the settings accept contacts only; undefined otherwise. */
  readonly senderIsContact: boolean | undefined;
  /** Read with the facts when the settings reject messages while unavailable. */
  readonly availability: string | undefined;
}

/** Who a message is from: an account here (the caller, or a peer domain's user's stand-in), or nobody known. */
type From = { readonly id: number | undefined; readonly address: string };

export function recipientAdmission(work: Work, sender: Account, noticeValiditySeconds: number) {
  const { tx, now } = work;
  // Per sender and recipient: a peer's request may carry messages of several original senders.
  const known = new Map<string, RecipientFacts>();
  const keyOf = (from: From, recipientId: number) => `${from.id ?? from.address}:${recipientId}`;
  const originators = new Map<string, Promise<From>>();

  /** The original sender of a forwarded message, as this gateway knows it (never seen: no blocks, no contact). */
  function originatorOf(address: string): Promise<From> {
    let from = originators.get(address);
    if (!from) originators.set(address, (from = tx.accounts.findByAddress(address).then((a) => ({ id: a?.id, address }))));
    return from;
  }

  /**
   * Loads blocks (both ways) and settings for recipients not seen yet in this request: one statement per
   * message however many recipients it has, none for recipients already seen.
   */
  async function prepare(accountIds: readonly number[], from: From = sender): Promise<void> {
    const fresh = [...new Set(accountIds)].filter((id) => id !== from.id && !known.has(keyOf(from, id)));
    if (fresh.length === 0) return;
    // A sender with no account here (a peer domain's user never seen) blocks nobody, and only blocks of its
    // whole domain (a user's or the operator's) block it.
    const facts = await tx.privacy.admissionFacts({ id: from.id ?? null, address: from.address }, fresh);
    for (const id of fresh) {
      const found = facts.get(id);
      known.set(keyOf(from, id), {
        blockedBySender: found?.blockedBySender ?? false,
        blocksSender: found?.blocksSender ?? false,
        settings: found?.settings ?? defaultSettings,
        senderIsContact: found?.senderIsContact,
        availability: found?.availability,
      });
    }
  }

  /** Why the recipient refuses this sender, if it does: from the facts prepare loaded, with no statement of its own. */
  function reasonToRefuse(from: From, facts: RecipientFacts): AttemptReason | undefined {
    if (facts.blocksSender) return 'blocked';
    if (facts.settings.acceptMessagesFrom === 'contacts' && (from.id === undefined || !facts.senderIsContact)) return 'notContact';
    if (facts.settings.rejectWhileUnavailable && unavailableForMessages(facts.availability)) return 'unavailable';
    return undefined;
  }

  async function check(
    recipient: Account,
    hideSender: boolean,
    senderAddress: string = sender.address,
    _message?: unknown,
    shownAs: string = senderAddress,
  ): Promise<Refusal | undefined> {
    const from = senderAddress === sender.address ? sender : await originatorOf(senderAddress);
    if (recipient.id === from.id) return undefined;
    await prepare([recipient.id], from);
    const facts = known.get(keyOf(from, recipient.id))!;
    if (facts.blockedBySender) return refusal('failed', 'POL3003', recipient.address);
    // A guest (GS-3) reaches only users who put it in a contact list (docs/accounts.md).
    if (from === sender && sender.policyClass === guestPolicyClass && !(await tx.contacts.isContactOf(recipient.id, sender.id)))
      return refusal('failed', 'POL6011', recipient.address);
    const reason = reasonToRefuse(from, facts);
    if (!reason) return undefined;
    if (facts.settings.notifyAttemptedContacts) {
      // A sender that hid itself stays hidden, even here; one sending as an alias shows the alias.
      const notice: Notice = {
        to: { accountId: recipient.id, address: recipient.address },
        notification: { type: 'attemptedContact', ...(hideSender ? {} : { address: shownAs }), reason },
      };
      work.wake(await sendNotice(tx, notice, now, noticeValiditySeconds));
    }
    return reason === 'unavailable'
      ? refusal('unavailable', 'POL3002', recipient.address)
      : refusal('failed', 'POL3001', recipient.address);
  }

  return { prepare: (accountIds: readonly number[]) => prepare(accountIds), check };
}
