// The groups module's tables (db/migrations/20261130100000_groups.ts) as the drivers return their rows, added
// to knex's Tables here rather than in platform/db/tables.ts: no other module reads them. Bigint and boolean
// columns differ between drivers exactly as described there.
import type { BigIntColumn, BooleanColumn } from '../../../platform/db/tables.js';

export interface GroupRow {
  id: string;
  name: string;
  owner_id: number | null;
  created_by_operator: BooleanColumn;
  access: string;
  visibility: string;
  topic: string | null;
  welcome: string | null;
  max_members: number;
  private_messages: BooleanColumn;
  members_may_invite: BooleanColumn;
  history_seconds: number;
  expires_at: BigIntColumn | null;
  expiring_notice_sent: BooleanColumn;
  last_seq: BigIntColumn;
  created_at: BigIntColumn;
  last_activity_at: BigIntColumn;
  closed_at: BigIntColumn | null;
}

export interface GroupMemberRow {
  group_id: string;
  account_id: number;
  role: string;
  screen_name: string;
  screen_key: string;
  muted: BooleanColumn;
  typing_notices: BooleanColumn;
  joined_at: BigIntColumn;
  last_sent_at: BigIntColumn | null;
}

export interface GroupInvitationRow {
  group_id: string;
  account_id: number;
  kind: string;
  inviter_id: number | null;
  screen_name: string | null;
  created_at: BigIntColumn;
}

export interface GroupBanRow {
  group_id: string;
  account_id: number;
  screen_key: string;
  reason: string | null;
  banned_at: BigIntColumn;
}

export interface PublicChatBanRow {
  account_id: number;
  reason: string | null;
  banned_by: string;
  banned_at: BigIntColumn;
}

export interface GroupHistoryRow {
  group_id: string;
  seq: BigIntColumn;
  kind: string;
  message_id: string | null;
  sender_id: number | null;
  screen_name: string | null;
  private_to: number | null;
  type: string | null;
  status: string | null;
  content_type: string | null;
  content: Buffer | null;
  at: BigIntColumn;
}

export interface GroupTypingNoticeRow {
  group_id: string;
  sender_id: number;
  recipient_id: number;
  message_id: string;
}

export interface GroupSwitchRow {
  name: string;
  enabled: BooleanColumn;
  updated_at: BigIntColumn;
}

declare module 'knex/types/tables.js' {
  interface Tables {
    groups: GroupRow;
    group_members: GroupMemberRow;
    group_invitations: GroupInvitationRow;
    group_bans: GroupBanRow;
    public_chat_bans: PublicChatBanRow;
    group_history: GroupHistoryRow;
    group_typing_notices: GroupTypingNoticeRow;
    group_switches: GroupSwitchRow;
  }
}
