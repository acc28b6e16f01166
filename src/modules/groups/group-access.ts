// Who may see and do what in a group. A non-member gets the same answer about a private group as about an
// unknown one (SVC5001), so group ids reveal nothing; roles are checked here once for every operation.
import { AppError } from '../../kernel/errors.js';
import type { Repositories } from '../../kernel/ports.js';
import { type Caller, localOperator } from '../../kernel/require-role.js';
import type { Account } from '../../kernel/types.js';
import { requireTarget, targetResolver } from '../addressing/index.js';
import type { GroupRecord, GroupRole, MemberRecord } from './group-types.js';

const rank: { readonly [R in GroupRole]: number } = { member: 0, admin: 1, owner: 2 };

/** The operator at the server's shell (`imwsi groups ...`), by identity (kernel/require-role.ts). */
export const isLocalOperator = (caller: Caller): caller is typeof localOperator => caller === localOperator;

/** GIM-7, PP-40: the operator (its admin accounts, or its shell) manages and closes any group, as the owner would. */
export const isOperator = (caller: Caller): boolean => isLocalOperator(caller) || caller.role === 'admin';

/** The caller's membership, when the caller is an account. */
const membershipOf = (tx: Repositories, caller: Caller, groupId: string) =>
  isLocalOperator(caller) ? Promise.resolve(undefined) : tx.groups.member(groupId, caller.id);

export interface GroupAccess {
  readonly group: GroupRecord;
  readonly me: MemberRecord | undefined;
}

/**
 * The open group as the caller may see it: a member sees it, anyone sees a public room (while public chat is
 * on), an invitee sees the private group it was invited to, and the operator sees every group.
 */
export async function visibleGroup(tx: Repositories, caller: Caller, groupId: string): Promise<GroupAccess> {
  const group = await tx.groups.find(groupId);
  if (!group || group.closedAt !== undefined) throw new AppError('SVC5001', [groupId]);
  const me = await membershipOf(tx, caller, groupId);
  if (group.visibility === 'public' && !isOperator(caller) && !(await tx.groups.publicChatEnabled())) throw new AppError('POL5009');
  if (me || group.visibility === 'public' || isLocalOperator(caller) || isOperator(caller)) return { group, me };
  if (await tx.groups.invitation(groupId, caller.id, 'invitation')) return { group, me };
  throw new AppError('SVC5001', [groupId]);
}

/**
 * The open group for JoinGroup: any group whose id the caller holds. A private group's id is its capability
 * (71 random bits, handed out in invitations): knowing it lets one join an open group or ask to join a closed
 * one, while reading, sending and GetGroup stay members' (visibleGroup).
 */
export async function joinableGroup(tx: Repositories, caller: Account, groupId: string): Promise<GroupAccess> {
  const group = await tx.groups.find(groupId);
  if (!group || group.closedAt !== undefined) throw new AppError('SVC5001', [groupId]);
  if (group.visibility === 'public' && !isOperator(caller) && !(await tx.groups.publicChatEnabled())) throw new AppError('POL5009');
  return { group, me: await tx.groups.member(groupId, caller.id) };
}

/** The caller's membership; a non-member of a private group learns nothing more than "unknown". */
export function requireMember(access: GroupAccess): MemberRecord {
  if (access.me) return access.me;
  if (access.group.visibility === 'private') throw new AppError('SVC5001', [access.group.id]);
  throw new AppError('SVC5003', [access.group.id]);
}

/** The caller holds at least `role` in the group (the operator always does). */
export function requireRole(caller: Caller, access: GroupAccess, role: GroupRole): void {
  if (isOperator(caller)) return;
  const me = requireMember(access);
  if (rank[me.role] < rank[role]) throw new AppError('POL5006', [role, access.group.id]);
}

export const atLeast = (member: MemberRecord | undefined, role: GroupRole): boolean =>
  member !== undefined && rank[member.role] >= rank[role];

/**
 * The account an operation names: resolved as the calling account would address it, or, for the operator at
 * the shell, by its exact address (SVC2002 when there is none).
 */
export async function accountNamed(
  tx: Repositories,
  caller: Account | undefined,
  named: string,
  hostedDomains: readonly string[],
): Promise<Account> {
  if (caller) return requireTarget(targetResolver(tx, caller, hostedDomains), named);
  const account = await tx.accounts.findByAddress(named.trim().toLowerCase());
  if (!account) throw new AppError('SVC2002', [named]);
  return account;
}
