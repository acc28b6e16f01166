// The place for minors' protection in public rooms (use case 5.17): before an account joins a group, or is
// invited to one, every handler of the `groups.roomAdmission` hook may refuse it (a handler looks at the group's
// visibility: minors' protection at public rooms, guest accounts at everything but them). The groups module offers
// the hook and decides nothing about age itself; the accounts capability, which knows which accounts its
// policy marks as minors, handles it (ejabberd-style: the room never imports the account policy).
import type { ErrorCode } from '../../kernel/errors.js';
import type { Account } from '../../kernel/types.js';
import type { Work } from '../../platform/db/unit-of-work.js';
import type { GroupRecord } from './group-types.js';

export interface RoomRefusal {
  readonly code: ErrorCode;
  readonly variables: readonly string[];
}

/** Runs in the joining unit of work; undefined admits the account. */
export type RoomAdmissionHook = (work: Work, account: Account, room: GroupRecord) => Promise<RoomRefusal | undefined>;
