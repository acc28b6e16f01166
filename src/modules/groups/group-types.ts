// The group model (docs/groups.md "The model"): a group, its members and their roles, its history.
import type { GroupMemberStatus } from '../../kernel/notices.js';

export type GroupAccess = 'open' | 'closed';
export const groupAccesses: readonly GroupAccess[] = ['open', 'closed'];
export type GroupVisibility = 'private' | 'public';
export const groupVisibilities: readonly GroupVisibility[] = ['private', 'public'];
export type GroupRole = 'owner' | 'admin' | 'member';

/** PP-39, PP-41: what the owner and admins set. */
export interface GroupProperties {
  readonly topic: string | undefined;
  readonly welcome: string | undefined;
  readonly maxMembers: number;
  readonly privateMessages: boolean;
  readonly membersMayInvite: boolean;
  readonly historySeconds: number;
  readonly access: GroupAccess;
}

export interface GroupRecord extends GroupProperties {
  readonly id: string;
  readonly name: string;
  readonly ownerId: number | null;
  readonly ownerAddress: string | undefined;
  readonly createdByOperator: boolean;
  readonly visibility: GroupVisibility;
  /** A temporary group's end of duration (use case 5.12); undefined for a permanent group. */
  readonly expiresAt: number | undefined;
  readonly expiringNoticeSent: boolean;
  readonly lastSeq: number;
  readonly createdAt: number;
  readonly lastActivityAt: number;
  readonly closedAt: number | undefined;
}

export interface MemberRecord {
  readonly groupId: string;
  readonly accountId: number;
  readonly address: string;
  readonly role: GroupRole;
  readonly screenName: string;
  readonly muted: boolean;
  readonly typingNotices: boolean;
  readonly joinedAt: number;
  readonly lastSentAt: number | undefined;
}

export type InvitationKind = 'invitation' | 'request';

export interface InvitationRecord {
  readonly groupId: string;
  readonly accountId: number;
  readonly address: string;
  readonly kind: InvitationKind;
  readonly inviterId: number | null;
  readonly screenName: string | undefined;
  readonly createdAt: number;
}

export interface BanRecord {
  readonly groupId: string;
  readonly accountId: number;
  readonly screenKey: string;
  readonly reason: string | undefined;
  readonly bannedAt: number;
}

/** MU-7: one entry of a group's history, in the group's order. */
export interface HistoryRecord {
  readonly groupId: string;
  readonly seq: number;
  readonly kind: 'message' | 'event';
  readonly messageId: string | undefined;
  readonly senderId: number | undefined;
  readonly screenName: string | undefined;
  /** PP-33: a private message, kept for its sender and this addressee only. */
  readonly privateTo: number | undefined;
  readonly type: string | undefined;
  readonly status: GroupMemberStatus | 'changed' | 'closed' | undefined;
  readonly contentType: string | undefined;
  readonly content: Buffer | undefined;
  readonly at: number;
}

/** A group as its caller may see it, with the caller's own membership when it has one. */
export interface GroupView {
  readonly group: GroupRecord;
  readonly memberCount: number;
  readonly me: MemberRecord | undefined;
}

/** The address a group message's copies show as their recipient (README "Operations": `recipient`). */
export const groupAddress = (groupId: string): string => `group:${groupId}`;

/**
 * At a member's gateway, a group of a peer domain one of its accounts belongs to (docs/groups.md "Members in
 * a peer domain"): the group and the account's membership as the hosting domain last notified them.
 */
export interface RemoteGroupRecord {
  readonly accountId: number;
  /** The qualified id, `<groupId>@<hosting domain>`. */
  readonly groupId: string;
  /** The group's fields as last notified (its `id` is the qualified one). */
  readonly group: Omit<GroupRecord, 'ownerId' | 'expiringNoticeSent' | 'lastSeq' | 'lastActivityAt' | 'closedAt'>;
  readonly memberCount: number;
  readonly me: Omit<MemberRecord, 'lastSentAt'>;
  readonly updatedAt: number;
}

/** At a member's gateway, one entry of its copy of a peer domain's group history, in the host's order. */
export interface RemoteHistoryRecord {
  readonly accountId: number;
  readonly groupId: string;
  readonly seq: number;
  readonly kind: 'message' | 'event';
  readonly screenName: string | undefined;
  readonly private: boolean;
  readonly type: string | undefined;
  readonly status: string | undefined;
  readonly contentType: string | undefined;
  readonly content: Buffer | undefined;
  readonly at: number;
}
