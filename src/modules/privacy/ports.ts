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
  /** Whether the sender is in one of the recipient's contact lists; read only when its settings accept contacts only. */
  readonly senderIsContact: boolean | undefined;
  /** The recipient's published availability; read only when its settings reject messages while unavailable. */
  readonly availability: string | undefined;
}

export interface PrivacyRepository {
  /**
   * Blocks both ways and settings of `recipientIds`, in one statement per chunk (one per single send). A
   * sender with no account here (id null) matches only blocks of its domain.
   */
  admissionFacts(
    sender: { readonly id: number | null; readonly address: string },
    recipientIds: readonly number[],
  ): Promise<Map<number, AdmissionFacts>>;
  settings(accountIds: readonly number[]): Promise<Map<number, UserSettings>>;
  saveSettings(accountId: number, settings: UserSettings): Promise<void>;
  /** Adds a block of one user, one list or one peer domain; false when it already existed. */
  block(ownerId: number, target: BlockTarget, now: number): Promise<boolean>;
  unblock(ownerId: number, target: BlockTarget): Promise<boolean>;
  blocks(ownerId: number): Promise<{ users: string[]; lists: string[]; domains: string[] }>;
  /** Which of `accountIds` `ownerId` blocks: directly, through a blocked list or domain, or the operator's block. */
  blockedAmong(ownerId: number, accountIds: readonly number[]): Promise<Set<number>>;
  /** Which of `ownerIds` block `accountId`: directly, through a blocked list or domain; all, if the operator does. */
  blockersOf(accountId: number, ownerIds: readonly number[]): Promise<Set<number>>;

  /** The operator blocks a peer domain's user or a peer domain for everyone; false when it already did. */
  operatorBlock(target: OperatorBlockTarget, reason: string | undefined, now: number): Promise<boolean>;
  operatorUnblock(target: OperatorBlockTarget): Promise<boolean>;
  operatorBlocks(): Promise<OperatorBlock[]>;
}

/** What a user's block names: one user, one of the owner's lists, or a whole peer domain. */
export type BlockTarget = { accountId: number } | { listId: number } | { domain: string };
export type OperatorBlockTarget = { accountId: number } | { domain: string };

export interface OperatorBlock {
  /** The blocked user's address, or the blocked domain. */
  readonly target: string;
  readonly reason: string | undefined;
  readonly createdAt: number;
}

declare module '../../kernel/ports.js' {
  interface Repositories {
    readonly privacy: PrivacyRepository;
  }
}
