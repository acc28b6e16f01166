// The places where the account policy meets the groups (use case 5.17), as hooks the groups module offers and
// the accounts capability handles, so the room never imports the account policy (ejabberd-style):
// - room admission: before an account joins a group, or is invited to one, every handler may refuse it (a
//   handler looks at the group's visibility: minors' protection at public rooms, guest accounts at
//   everything but them);
// - the default screen name (PP-43): the member's profile alias, when the member gives none.
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

/** Runs in the joining unit of work: the name the account goes by in this group by default, or undefined. */
export type ScreenNameHook = (work: Work, account: Pick<Account, 'id' | 'address'>, group: GroupRecord) => Promise<string | undefined>;
