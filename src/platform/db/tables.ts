// Every table of db/migrations as the drivers return its rows, declared once through knex's Tables
// augmentation: `db('messages').where(...).first()` is then a MessageRow (or undefined) with no cast, and
// inserts and updates are checked against the columns. Row types are storage shapes only; each repository
// maps them to the domain types (kernel/) at its edge, converting where the drivers disagree:
//  - bigint columns (epoch milliseconds, sequence numbers) and count(): numbers on SQLite; on PostgreSQL int8
//    is a string unless pg's INT8 parser is installed (database.ts installs it, but only for the process that
//    imports it), so they are typed `number | string` and mappers read them with Number();
//  - boolean columns: true/false on PostgreSQL, 1/0 on SQLite, so mappers read them with Boolean().
// All tables are here rather than in each module's knex/: platform imports no module, and several tables are
// read across modules in SQL (messages, inbox_entries, contact_entries, accounts), each read commented there.
// The section heading names the module that writes the table (the owner its migration names).

/** A bigint column or a count(): see above. */
export type BigIntColumn = number | string;
/** A boolean column: see above. */
export type BooleanColumn = boolean | number;

// accounts ---------------------------------------------------------------------------------------------------

export interface AccountRow {
  id: number;
  address: string;
  msisdn: string | null;
  role: string;
  password_hash: string;
  sealed_secret: string;
  /** Last sequence number handed out in this account's inbox. */
  inbox_seq: BigIntColumn;
  /** Entries ever counted into this inbox not held by a filter; less inbox_dequeued, those in it (README "Group commit"). */
  inbox_queued: BigIntColumn;
  created_at: BigIntColumn;
  signing_certificate: string | null;
  /** pending | active | suspended (accounts identity migration). */
  state: string;
  refuse_messages: BooleanColumn;
  policy_class: string | null;
  /** Guest accounts only: when it last polled its inbox (the idle sweep removes it after guestIdleSeconds). */
  last_active_at: BigIntColumn | null;
}

// messaging (messages are written by inbox delivery and read by the inbox too) ------------------------------

export interface MessageRow {
  id: string;
  kind: string;
  sender_account_id: number | null;
  sender_address: string | null;
  hide_sender: BooleanColumn;
  client_message_id: string | null;
  content_type: string;
  content: Buffer;
  subject: string | null;
  priority: string;
  delivery_report: BooleanColumn;
  /** A notice's fields as JSON (kernel/notices.ts). */
  notification: string | null;
  /** The accepted recipients as a JSON list of addresses. */
  recipient_list: string;
  sent_at: BigIntColumn;
  expires_at: BigIntColumn;
}

export interface MessageRecipientRow {
  message_id: string;
  position: number;
  address: string;
  account_id: number | null;
  status: string;
  error_code: string | null;
  error_text: string | null;
  updated_at: BigIntColumn;
}

// inbox ------------------------------------------------------------------------------------------------------

/** Entries removed from an inbox (acks, the expiry sweep): GetMessages' pending subtracts them (README "Group commit"). */
export interface InboxDequeuedRow {
  account_id: number;
  count: BigIntColumn;
}

export interface InboxEntryRow {
  id: number;
  account_id: number;
  seq: BigIntColumn;
  message_id: string;
  received_at: BigIntColumn;
  expires_at: BigIntColumn;
  lease_until: BigIntColumn | null;
  lease_token: string | null;
  delivery_count: number;
  sender_username: string | null;
  target_username: string | null;
  /** A filter's tag (policy, treatment `tag`). */
  tag: string | null;
  /** Held by a filter (policy, treatment `store`): not leased until the recipient releases it. */
  held: boolean | number;
}

// platform/auth ----------------------------------------------------------------------------------------------

export interface UsedNonceRow {
  nonce: string;
  expires_at: BigIntColumn;
}

// presence ---------------------------------------------------------------------------------------------------

export interface PresenceRow {
  account_id: number;
  availability: string | null;
  status_text: string | null;
  device: string | null;
  /** JSON list of strings. */
  capabilities: string;
  /** JSON name/value pairs. */
  attributes: string;
  published_at: BigIntColumn | null;
  last_active_at: BigIntColumn | null;
  online: BooleanColumn;
}

export interface PresenceSubscriptionRow {
  presentity_id: number;
  watcher_id: number;
  state: string;
  subscribed: BooleanColumn;
  origin: string;
  add_back_invited: BooleanColumn;
  requested_at: BigIntColumn;
  updated_at: BigIntColumn;
}

export interface PresenceNoticeRow {
  watcher_id: number;
  presentity_id: number;
  message_id: string;
}

// contacts ---------------------------------------------------------------------------------------------------

export interface ContactListRow {
  id: number;
  owner_id: number;
  name: string;
  name_key: string;
  created_at: BigIntColumn;
}

export interface ContactEntryRow {
  id: number;
  list_id: number;
  contact_account_id: number;
  address: string;
  /** The contact's alias the owner added them by (shown instead of `address`), or null. */
  alias: string | null;
  nickname: string;
  nickname_key: string;
  /** JSON name/value pairs. */
  alternatives: string;
  created_at: BigIntColumn;
  updated_at: BigIntColumn;
}

// privacy ----------------------------------------------------------------------------------------------------

export interface BlockRow {
  id: number;
  owner_id: number;
  account_id: number | null;
  list_id: number | null;
  /** A blocked peer domain (lower-case), where the block names one. */
  domain: string | null;
  created_at: BigIntColumn;
}

export interface UserSettingsRow {
  account_id: number;
  alias: string | null;
  require_authorization: BooleanColumn;
  accept_messages_from: string;
  reject_while_unavailable: BooleanColumn;
  notify_attempted_contacts: BooleanColumn;
}

// federation -------------------------------------------------------------------------------------------------

export interface PeerRow {
  domain: string;
  endpoint_url: string | null;
  remote_username: string | null;
  sealed_password: string | null;
  inbound_account_id: number | null;
  created_at: BigIntColumn;
  /** When the peer was found to lack the Federation service (social events); null: supported or unknown. */
  social_unsupported_at: BigIntColumn | null;
}

export interface OutboundQueueRow {
  id: number;
  message_id: string;
  position: number;
  domain: string;
  address: string;
  state: string;
  attempts: number;
  last_error: string | null;
  remote_message_id: string | null;
  expires_at: BigIntColumn;
  created_at: BigIntColumn;
  claimed_by: string | null;
  claimed_until: BigIntColumn | null;
}

// directory --------------------------------------------------------------------------------------------------

export interface DirectoryEntryRow {
  account_id: number;
  username: string;
  address: string;
}

// federation: social events across domains -----------------------------------------------------------------

export interface SocialOutboundRow {
  id: number;
  event_id: string;
  domain: string;
  type: string;
  from_address: string;
  to_address: string;
  status: string | null;
  /** JSON array of {name, value}. */
  attributes: string;
  /** A group message's bytes (docs/federation.md "Groups across domains"). */
  content: Buffer | null;
  attempts: number;
  last_error: string | null;
  created_at: BigIntColumn;
}

export interface SocialInboundRow {
  domain: string;
  event_id: string;
  received_at: BigIntColumn;
}

declare module 'knex/types/tables.js' {
  interface Tables {
    accounts: AccountRow;
    messages: MessageRow;
    message_recipients: MessageRecipientRow;
    inbox_entries: InboxEntryRow;
    inbox_dequeued: InboxDequeuedRow;
    used_nonces: UsedNonceRow;
    presence: PresenceRow;
    presence_subscriptions: PresenceSubscriptionRow;
    presence_notices: PresenceNoticeRow;
    contact_lists: ContactListRow;
    contact_entries: ContactEntryRow;
    blocks: BlockRow;
    user_settings: UserSettingsRow;
    peers: PeerRow;
    outbound_queue: OutboundQueueRow;
    directory_entries: DirectoryEntryRow;
    social_outbound: SocialOutboundRow;
    social_inbound: SocialInboundRow;
  }
}

// accounts (identity: registration, profiles, aliases; docs/accounts.md) ------------------------------------

export interface RegistrationTokenRow {
  token: string;
  uses_allowed: number | null;
  completed: number;
  expires_at: BigIntColumn | null;
  created_at: BigIntColumn;
}

export interface HeldAddressRow {
  address: string;
  held_until: BigIntColumn;
}

export interface ProfileRow {
  account_id: number;
  /** JSON: { field: { value, visibility } }. */
  fields: string;
  public_birth_year: number | null;
  public_gender: string | null;
  public_intention: string | null;
  public_city: string | null;
  public_country: string | null;
  public_text: string | null;
  searchable: BooleanColumn;
  updated_at: BigIntColumn;
}

export interface AliasRow {
  address: string;
  account_id: number;
  created_at: BigIntColumn;
}

declare module 'knex/types/tables.js' {
  interface Tables {
    registration_tokens: RegistrationTokenRow;
    held_addresses: HeldAddressRow;
    profiles: ProfileRow;
    aliases: AliasRow;
  }
}
