// The two points where other modules take part in SendMessages, the way ejabberd's privacy_check_packet
// works: messaging runs the hooks it is given and imports none of the modules that provide them.
// - expansion: turns recipient entries into addresses (contacts: `list:<name>`, PP2-35/37);
// - admission: decides per resolved local recipient whether it takes the message (privacy: blocks, "only
//   from contacts", "reject while unavailable"; policy: filters, receive limits);
// - submission: decides per message whether the sender may send it at all (policy: limits, switches).
import type { ErrorCode } from '../../kernel/errors.js';
import type { Repositories } from '../../kernel/ports.js';
import type { Work } from '../../platform/db/unit-of-work.js';
import type { Account, OutboundMessage, RecipientState } from '../../kernel/types.js';
import type { Resolution } from '../addressing/index.js';
import type { Delivery } from '../inbox/index.js';

export type ResolutionFailure = Extract<Resolution, { ok: false }>;

export type RecipientEntry = string | ResolutionFailure;

/** Replaces the entries it understands, in place and in order; returns the others unchanged. */
export type RecipientExpansion = (tx: Repositories, sender: Account, entries: readonly RecipientEntry[]) => Promise<RecipientEntry[]>;

export interface AdmissionRefusal {
  readonly status: Extract<RecipientState, 'failed' | 'unavailable'>;
  readonly code: ErrorCode;
  readonly text: string;
}

/** Admitted, but kept out of the recipient's inbox (a filter discards it): the sender hears "queued". */
export interface AdmissionWithheld {
  readonly status: 'withheld';
}

/** Admitted for another address instead (a filter redirects it). */
export interface AdmissionRedirect {
  readonly status: 'redirected';
  readonly address: string;
}

/** Admitted into the inbox but held there, not handed out until the recipient releases it (a filter stores it). */
export interface AdmissionStored {
  readonly status: 'stored';
}

/** Admitted, its inbox entry tagged (a filter tags it). */
export interface AdmissionTagged {
  readonly status: 'tagged';
  readonly tag: string;
}

export type AdmissionOutcome = AdmissionRefusal | AdmissionWithheld | AdmissionRedirect | AdmissionTagged | AdmissionStored;

/** One request's admission check: loaded once per message for its recipients, then asked per recipient. */
export interface RecipientAdmission {
  prepare(accountIds: readonly number[]): Promise<void>;
  /**
   * `senderAddress`: who the message is from, when a peer domain forwards it (`originator`), else the caller;
   * `shownAs`: the address the recipient sees (an alias the caller sends as), for anything told to the recipient.
   */
  check(
    recipient: Account,
    hideSender: boolean,
    senderAddress: string,
    message: OutboundMessage,
    shownAs?: string,
  ): Promise<AdmissionOutcome | undefined>;
}

/**
 * One request's submission check: the sender's own limits and switches (policy). `check` is asked once per
 * message after its recipients are expanded and before any is resolved; `finish` once after the last message,
 * before anything is stored (what is counted per request is counted there, in one go). Either refuses the
 * whole request by throwing (a PolicyException): nothing of it is stored, and what it counted rolls back.
 */
export interface SubmissionCheck {
  check(message: OutboundMessage, index: number, recipients: readonly RecipientEntry[]): Promise<void>;
  finish(): Promise<void>;
}

export type SubmissionHook = (work: Work, sender: Account) => SubmissionCheck;

/** Built once per SendMessages, in its unit of work: a notice a check writes (attempted contact) wakes through it. */
export type AdmissionHook = (work: Work, sender: Account, noticeValiditySeconds: number) => RecipientAdmission;

/**
 * The request's messages are about to be stored, in its unit of work (accounting: usage records, the prepaid
 * reservation). A handler that throws refuses the whole request: nothing of it is stored.
 */
export type StoringHook = (work: Work, sender: Account, deliveries: readonly Delivery[]) => Promise<void>;

export interface SendHooks {
  readonly expansion: readonly RecipientExpansion[];
  readonly admission: readonly AdmissionHook[];
  readonly submission: readonly SubmissionHook[];
  readonly storing?: readonly StoringHook[] | undefined;
}

/** All submission hooks as one, in order. */
export function submissionPipeline(hooks: readonly SubmissionHook[], ...args: Parameters<SubmissionHook>): SubmissionCheck {
  const checks = hooks.map((hook) => hook(...args));
  return {
    async check(message, index, recipients) {
      for (const check of checks) await check.check(message, index, recipients);
    },
    async finish() {
      for (const check of checks) await check.finish();
    },
  };
}

/** All admission hooks as one: the first outcome other than "admitted" wins. */
export function admissionPipeline(hooks: readonly AdmissionHook[], ...args: Parameters<AdmissionHook>): RecipientAdmission {
  const checks = hooks.map((hook) => hook(...args));
  return {
    async prepare(accountIds) {
      for (const check of checks) await check.prepare(accountIds);
    },
    async check(recipient, hideSender, senderAddress, message, shownAs) {
      for (const check of checks) {
        const refused = await check.check(recipient, hideSender, senderAddress, message, shownAs);
        if (refused) return refused;
      }
      return undefined;
    },
  };
}

/** Runs every expansion hook over the recipients, in order. */
export async function expandRecipients(
  hooks: readonly RecipientExpansion[],
  tx: Repositories,
  sender: Account,
  recipients: readonly string[],
) {
  let entries: RecipientEntry[] = [...recipients];
  for (const expand of hooks) entries = await expand(tx, sender, entries);
  return entries;
}
