// The storage port of the privacy module: PrivacyRepository. Its knex/ folder implements
// it; the declaration below adds it to the kernel's Repositories, which a unit of work hands to services.
import type { UserSettings } from '../../kernel/social-types.js';

/** What SendMessages' admission needs about one recipient and the sender (recipient-admission.ts). */
export interface AdmissionFacts {
  /** The sender blocks this recipient (directly or through a blocked list). */
  readonly blockedBySender: boolean;
  /** This recipient blocks the sender. */
  readonly blocksSender: boolean;
  /** Undefined where the recipient never saved settings (the defaults apply). */
  readonly settings: UserSettings | undefined;
}

export interface PrivacyRepository {
  /** Blocks both ways and settings of `recipientIds`, in one statement per chunk (one per single send). */
  admissionFacts(senderId: number, recipientIds: readonly number[]): Promise<Map<number, AdmissionFacts>>;
  settings(accountIds: readonly number[]): Promise<Map<number, UserSettings>>;
  saveSettings(accountId: number, settings: UserSettings): Promise<void>;
  /** Adds a block of one user or one list; false when it already existed. */
  block(ownerId: number, target: { accountId: number } | { listId: number }, now: number): Promise<boolean>;
  unblock(ownerId: number, target: { accountId: number } | { listId: number }): Promise<boolean>;
  blocks(ownerId: number): Promise<{ users: string[]; lists: string[] }>;
  /** Which of `accountIds` `ownerId` blocks, directly or through a blocked list holding them. */
  blockedAmong(ownerId: number, accountIds: readonly number[]): Promise<Set<number>>;
  /** Which of `ownerIds` block `accountId`, directly or through a blocked list holding it. */
  blockersOf(accountId: number, ownerIds: readonly number[]): Promise<Set<number>>;
}

declare module '../../kernel/ports.js' {
  interface Repositories {
    readonly privacy: PrivacyRepository;
  }
}
