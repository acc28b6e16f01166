// The two points where other modules take part in SendMessages, the way ejabberd's privacy_check_packet
// works: messaging runs the hooks it is given and imports none of the modules that provide them.
// - expansion: turns recipient entries into addresses (contacts: `list:<name>`, PP2-35/37);
// - admission: decides per resolved local recipient whether it takes the message (privacy: blocks, "only
//   from contacts", "reject while unavailable"; tomorrow filters, quotas, room membership).
import type { ErrorCode } from '../../kernel/errors.js';
import type { Repositories } from '../../kernel/ports.js';
import type { Work } from '../../platform/db/unit-of-work.js';
import type { Account, RecipientState } from '../../kernel/types.js';
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

/** One request's admission check: loaded once per message for its recipients, then asked per recipient. */
export interface RecipientAdmission {
  prepare(accountIds: readonly number[]): Promise<void>;
  /** `senderAddress`: who the message is from, when a peer domain forwards it (`originator`), else the caller. */
  check(recipient: Account, hideSender: boolean, senderAddress: string): Promise<AdmissionRefusal | undefined>;
}

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
  readonly storing?: readonly StoringHook[] | undefined;
}

/** All admission hooks as one: the first refusal wins. */
export function admissionPipeline(hooks: readonly AdmissionHook[], ...args: Parameters<AdmissionHook>): RecipientAdmission {
  const checks = hooks.map((hook) => hook(...args));
  return {
    async prepare(accountIds) {
      for (const check of checks) await check.prepare(accountIds);
    },
    async check(recipient, hideSender, senderAddress) {
      for (const check of checks) {
        const refused = await check.check(recipient, hideSender, senderAddress);
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
