// The storage port of the groups module: GroupRepository. Its knex/ folder implements it; the declaration
// below adds it to the kernel's Repositories, which a unit of work hands to services.
import type {
  BanRecord,
  GroupRecord,
  HistoryRecord,
  InvitationKind,
  InvitationRecord,
  MemberRecord,
  RemoteGroupRecord,
  RemoteHistoryRecord,
} from './group-types.js';

export type NewGroup = Omit<GroupRecord, 'ownerAddress' | 'lastSeq' | 'closedAt' | 'expiringNoticeSent' | 'lastActivityAt'>;
export type GroupChanges = Partial<Omit<GroupRecord, 'id' | 'ownerAddress' | 'createdAt' | 'lastSeq'>>;
export type NewMember = Omit<MemberRecord, 'address' | 'lastSentAt'>;
export type MemberChanges = Partial<Pick<MemberRecord, 'role' | 'screenName' | 'muted' | 'typingNotices' | 'lastSentAt'>>;

export interface ExchangedMessage {
  readonly senderId: number;
  readonly contentType: string;
  readonly content: Buffer;
  readonly sentAt: number;
}

export interface GroupRepository {
  insert(group: NewGroup): Promise<void>;
  /** The group, closed ones (tombstones) included. */
  find(groupId: string): Promise<GroupRecord | undefined>;
  update(groupId: string, changes: GroupChanges): Promise<void>;
  /**
   * The next number in the group's one order (PP-29), and the group's activity time. The row stays locked
   * until commit (PostgreSQL), so every state change and message of one group queues behind the previous one:
   * all members see one order, and a removal and a send never interleave.
   */
  nextSeq(groupId: string, now: number): Promise<number>;
  /** Open groups, by id, of which the account is a member. */
  groupsOf(accountId: number): Promise<GroupRecord[]>;
  countMemberships(accountId: number): Promise<number>;
  countCreated(ownerId: number): Promise<number>;
  /** Open public rooms (every open group with `includePrivate`) whose name or topic contains `query` (case-insensitive), by name. */
  rooms(
    query: string | undefined,
    offset: number,
    limit: number,
    includePrivate: boolean,
  ): Promise<{ rooms: GroupRecord[]; total: number }>;
  /** Open public rooms, for the kill switch. */
  openPublicRoomIds(): Promise<string[]>;
  /** Open temporary groups whose end falls before `before`, not yet told they expire. */
  expiringUnnoticed(before: number, limit: number): Promise<GroupRecord[]>;
  /** Open temporary groups past their duration and idle since `idleSince`. */
  expiredIdle(now: number, idleSince: number, limit: number): Promise<GroupRecord[]>;
  /** Deletes tombstones closed before `before`; returns how many. */
  purgeClosed(before: number): Promise<number>;

  members(groupId: string): Promise<MemberRecord[]>;
  countMembers(groupId: string): Promise<number>;
  member(groupId: string, accountId: number): Promise<MemberRecord | undefined>;
  memberByScreenName(groupId: string, screenKey: string): Promise<MemberRecord | undefined>;
  /** Of the given lower-cased screen names, those taken in the group. */
  takenScreenKeys(groupId: string, screenKeys: readonly string[]): Promise<Set<string>>;
  addMember(member: NewMember): Promise<void>;
  updateMember(groupId: string, accountId: number, changes: MemberChanges): Promise<void>;
  removeMember(groupId: string, accountId: number): Promise<void>;
  removeAllMembers(groupId: string): Promise<void>;

  invitation(groupId: string, accountId: number, kind: InvitationKind): Promise<InvitationRecord | undefined>;
  invitationByScreenName(groupId: string, screenKey: string, kind: InvitationKind): Promise<InvitationRecord | undefined>;
  saveInvitation(invitation: Omit<InvitationRecord, 'address'>): Promise<void>;
  removeInvitations(groupId: string, accountId: number): Promise<void>;

  ban(groupId: string, accountId: number): Promise<BanRecord | undefined>;
  banByScreenName(groupId: string, screenKey: string): Promise<BanRecord | undefined>;
  saveBan(ban: BanRecord): Promise<void>;
  removeBan(groupId: string, accountId: number): Promise<void>;

  /** Whether the account is barred from every public room (the operator's "ban everywhere"). */
  chatBanned(accountId: number): Promise<boolean>;
  /** Bars the account from public rooms; false when it already was. */
  saveChatBan(ban: { accountId: number; reason: string | undefined; bannedBy: string; bannedAt: number }): Promise<boolean>;
  /** Lifts the bar; false when there was none. */
  removeChatBan(accountId: number): Promise<boolean>;
  /** Open public rooms the account is a member of. */
  publicRoomsOf(accountId: number): Promise<GroupRecord[]>;

  appendHistory(entry: HistoryRecord): Promise<void>;
  /** What `viewerId` may read: public entries and its own private ones; `from` excluded; one more than `limit` tells "more". */
  history(
    groupId: string,
    viewerId: number,
    order: 'newestFirst' | 'oldestFirst',
    from: number | undefined,
    limit: number,
  ): Promise<HistoryRecord[]>;
  /** Deletes history older than the operator's retention or the group's own, whichever is shorter. */
  purgeHistory(now: number, maxRetentionSeconds: number): Promise<number>;

  /** The recipients whose last typing notice from `senderId` in the group is still unread, by recipient. */
  unreadTyping(groupId: string, senderId: number, recipientIds: readonly number[], now: number): Promise<Map<number, string>>;
  trackTyping(groupId: string, senderId: number, notices: readonly { recipientId: number; messageId: string }[]): Promise<void>;
  /** Rewrites stored notices in place (coalescing); they read as just received and live `validUntil`. */
  rewriteNotices(messageIds: readonly string[], notification: string, content: Buffer, now: number, validUntil: number): Promise<void>;

  /**
   * Use case 5.13: the last `limit` one-to-one messages between two accounts still stored (either direction,
   * group messages excluded), oldest first.
   */
  conversationBetween(a: number, b: number, limit: number): Promise<ExchangedMessage[]>;

  publicChatEnabled(): Promise<boolean>;
  setPublicChat(enabled: boolean, now: number): Promise<void>;
}

/**
 * At a member's gateway, the groups of peer domains its accounts belong to and its copy of their history
 * (docs/groups.md "Members in a peer domain"), kept from what the hosting domains send.
 */
export interface RemoteGroupRepository {
  find(accountId: number, groupId: string): Promise<RemoteGroupRecord | undefined>;
  /** The account's groups of peer domains, by qualified id. */
  list(accountId: number): Promise<RemoteGroupRecord[]>;
  /** Inserts or replaces the record. */
  save(record: RemoteGroupRecord): Promise<void>;
  setTypingNotices(accountId: number, groupId: string, typingNotices: boolean): Promise<void>;
  /** Removes the record and the account's copy of the group's history. */
  remove(accountId: number, groupId: string): Promise<void>;
  /** Keeps an entry; one already kept under its groupSequence stays as it is (a repeat changes nothing). */
  appendHistory(entry: RemoteHistoryRecord): Promise<void>;
  /** A page in the host's order, `from` excluded; one more than `limit` tells "more". */
  history(
    accountId: number,
    groupId: string,
    order: 'newestFirst' | 'oldestFirst',
    from: number | undefined,
    limit: number,
  ): Promise<RemoteHistoryRecord[]>;
  /** Deletes entries older than the operator's retention or the group's own (as notified), whichever is shorter. */
  purgeHistory(now: number, maxRetentionSeconds: number): Promise<number>;
}

declare module '../../kernel/ports.js' {
  interface Repositories {
    readonly groups: GroupRepository;
    readonly remoteGroups: RemoteGroupRepository;
  }
}
