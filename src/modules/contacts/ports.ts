// The storage ports of the contacts module: NewContactEntry, ContactRepository. Its knex/ folder implements
// them; the declaration below adds it to the kernel's Repositories, which a unit of work hands to services.
import type { ContactEntryRecord, ContactListRecord, NameValue } from '../../kernel/social-types.js';

export interface NewContactEntry {
  readonly listId: number;
  readonly accountId: number;
  readonly address: string;
  /** The contact's alias the owner named, when added by one. */
  readonly alias?: string | null | undefined;
  readonly nickname: string;
  readonly alternatives: readonly NameValue[];
}

export interface ContactRepository {
  lists(ownerId: number): Promise<ContactListRecord[]>;
  findList(ownerId: number, name: string): Promise<ContactListRecord | undefined>;
  createList(ownerId: number, name: string, now: number): Promise<ContactListRecord>;
  renameList(listId: number, name: string): Promise<void>;
  deleteList(listId: number): Promise<void>;
  entries(listIds: readonly number[]): Promise<ContactEntryRecord[]>;
  findEntry(listId: number, nickname: string): Promise<ContactEntryRecord | undefined>;
  findEntryFor(listId: number, accountId: number): Promise<ContactEntryRecord | undefined>;
  addEntry(entry: NewContactEntry, now: number): Promise<ContactEntryRecord>;
  updateEntry(
    entryId: number,
    change: { listId: number; nickname: string; alternatives: readonly NameValue[] },
    now: number,
  ): Promise<void>;
  removeEntry(entryId: number): Promise<void>;
  countEntries(listId: number): Promise<number>;
  /** True when `accountId` is in any list of `ownerId` (the "contacts" of accept-only-from-contacts). */
  isContactOf(ownerId: number, accountId: number): Promise<boolean>;
  /** PP2-26: the sender of a message `recipientId` received, unless the sender hid itself. */
  senderOfReceived(messageId: string, recipientId: number): Promise<string | undefined>;
}

declare module '../../kernel/ports.js' {
  interface Repositories {
    readonly contacts: ContactRepository;
  }
}
