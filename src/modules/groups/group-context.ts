// What the group services share: the store (reads), the gateway's unit of work, the clock, the options from
// config, and the account-policy hook handlers (room admission for minors' protection, default screen names),
// filled by the accounts capability.
import type { Clock, Store } from '../../kernel/ports.js';
import type { Config } from '../../platform/config.js';
import type { UnitOfWork, Work } from '../../platform/db/unit-of-work.js';
import type { Account } from '../../kernel/types.js';
import type { RoomAdmissionHook, ScreenNameHook } from './room-admission.js';
import type { GroupMessageStoringHook, GroupSessionHook } from './group-events.js';
import type { RemoteSocial } from '../presence/index.js';

type GroupLimits = Config['groups'];

export interface GroupOptions extends GroupLimits {
  readonly hostedDomains: readonly string[];
  /** Validity of the group notices (invitations, joins ...) written into inboxes. */
  readonly noticeValiditySeconds: number;
  readonly defaultValiditySeconds: number;
  readonly maxValiditySeconds: number;
  readonly contentBytes: number;
  readonly invitesPerRequest: number;
  /** Handlers of the group-session event (opened, closed, joined, left): carried with the options so every
   * GroupWork reaches them. */
  readonly sessionEvents?: readonly GroupSessionHook[] | undefined;
  /** Handlers run before a group message is stored (accounting); one that throws refuses the message. */
  readonly messageStoring?: readonly GroupMessageStoringHook[] | undefined;
  /** Members in peer domains (remote-members.ts): their events are queued here; absent when off. */
  readonly remote?: RemoteSocial | undefined;
}

/** The gateway's unit of work with the group options (so hooks carried there reach every function). */
export interface GroupWork extends Work {
  readonly options: GroupOptions;
}

export interface GroupContext {
  readonly store: Store;
  readonly work: UnitOfWork;
  readonly clock: Clock;
  readonly options: GroupOptions;
  readonly roomAdmission: readonly RoomAdmissionHook[];
  readonly screenNames: readonly ScreenNameHook[];
  /** A member sends a group message: a handler refuses it by throwing (policy's group messages per minute). */
  readonly sending?: readonly GroupSendingHook[];
}

export type GroupSendingHook = (work: Work, caller: Account) => Promise<void>;

export function groupOptionsOf(config: Config): GroupOptions {
  return {
    ...config.groups,
    hostedDomains: config.domains,
    noticeValiditySeconds: config.validity.defaultSeconds,
    defaultValiditySeconds: config.validity.defaultSeconds,
    maxValiditySeconds: config.validity.maxSeconds,
    contentBytes: config.limits.contentBytes,
    invitesPerRequest: config.presence.presentitiesPerRequest,
  };
}
