// What the Administration service and the CLI read: audit entries, account pages, service statistics (PP2-11).
import type { Account, AccountState, Role } from '../../kernel/types.js';

export interface NewAuditEntry {
  readonly at: number;
  /** The admin account's address, or `cli:<user>@<host>` for the local operator. */
  readonly actor: string;
  /** The operation: SuspendAccount, SetCharging, AddPeer ... */
  readonly action: string;
  readonly target: string | undefined;
  readonly detail: string | undefined;
  /** ok, or the fault code the action ended with. */
  readonly outcome: string;
}

export interface AuditEntry extends NewAuditEntry {
  readonly id: number;
}

export interface AuditQuery {
  readonly afterId: number;
  readonly since: number | undefined;
  readonly until: number | undefined;
  readonly actor: string | undefined;
}

export interface AccountFilter {
  readonly afterId: number;
  readonly state: AccountState | undefined;
  readonly role: Role | undefined;
  /** Part of the address or number, lower-cased. */
  readonly text: string | undefined;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextAfterId: number | undefined;
}

export interface TrafficRate {
  readonly name: string;
  readonly messages: number;
  readonly messagesPerSecond: number;
}

export interface ServiceStatistics {
  readonly at: number;
  readonly accounts: Readonly<Record<AccountState, number>>;
  readonly inboxMessages: number;
  readonly outboundQueued: number;
  readonly usageRecords: number;
  readonly windowSeconds: number;
  readonly domainTraffic: readonly TrafficRate[];
  readonly consumerTraffic: readonly TrafficRate[];
  readonly deepestInboxes: readonly { readonly address: string; readonly depth: number }[];
  readonly peerQueues: readonly { readonly domain: string; readonly depth: number; readonly oldest: number | undefined }[];
}

export type AccountPage = Page<Account>;
