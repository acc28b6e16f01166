// Anonymous guest accounts (GS-3; docs/accounts.md "Anonymous guest accounts"). Where the operator enables them
// (--guest-accounts), Register with guest=true and a password of the client's choosing makes
// guest-<random>@<first hosted domain>, with no personal data, in policy class `guest`. A guest is confined:
// - operations: only those in `guestOperations` (the SOAP edge asks `guestGate` after authentication);
//   anything else, and the web portal, is POL6010;
// - groups: public rooms only (the groups.roomAdmission hook, asked for every group a guest would join);
// - messages: only to users who allow it by having the guest in a contact list (privacy's admission, POL6011);
// - life: removed, with everything it holds, once it has not polled its inbox for --guest-idle-seconds.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../kernel/errors.js';
import { type Account, guestPolicyClass } from '../../kernel/types.js';
import type { UnitOfWork } from '../../platform/db/unit-of-work.js';
import { type AccountRemovedHook, removeAccount } from './account-service.js';

/** Service.Operation a guest may call: its own messages, public rooms, its presence and blocks, its account. */
const guestOperations = new Set([
  'InstantMessaging.SendMessages',
  'InstantMessaging.GetMessages',
  'InstantMessaging.AckMessages',
  'InstantMessaging.GetDeliveryStatus',
  'Groups.ListRooms',
  'Groups.JoinGroup',
  'Groups.AnswerInvitation',
  'Groups.LeaveGroup',
  'Groups.GetGroup',
  'Groups.ListMyGroups',
  'Groups.GetGroupHistory',
  'Groups.SendGroupMessage',
  'Groups.SetTyping',
  'Presence.PublishPresence',
  'ContactLists.BlockUser',
  'ContactLists.UnblockUser',
  'ContactLists.GetBlockList',
  'ContactLists.GetSettings',
  'ContactLists.UpdateSettings',
  'Accounts.ChangePassword',
  'Accounts.DeleteAccount',
  'Accounts.GetProfile',
]);

export const isGuest = (account: Pick<Account, 'policyClass'>): boolean => account.policyClass === guestPolicyClass;

/** The SOAP edge's check after authentication: a guest calling anything else gets POL6010. */
export function guestGate(caller: Account, service: string, operation: string): void {
  if (isGuest(caller) && !guestOperations.has(`${service}.${operation}`)) throw new AppError('POL6010', [operation]);
}

/** The groups.roomAdmission handler: a guest joins public rooms only. */
export function guestRoomAdmission(
  _work: unknown,
  account: Account,
  room: { readonly id: string; readonly visibility: string },
): Promise<{ code: 'POL6010'; variables: string[] } | undefined> {
  return Promise.resolve(
    isGuest(account) && room.visibility !== 'public' ? { code: 'POL6010', variables: [`group ${room.id}`] } : undefined,
  );
}

/** A fresh guest address: 12 random hex digits in the first hosted domain. */
export const guestAddress = (hostedDomains: readonly string[]): string => `guest-${randomBytes(6).toString('hex')}@${hostedDomains[0]}`;

/**
 * The inbox.polling handler: a guest's poll is its activity. Written at most once per `granularityMs` per guest
 * (kept in this process), so a guest long-polling all day costs a few writes, and other accounts none.
 */
export function guestActivity(work: UnitOfWork, clock: () => number, granularityMs: number) {
  const written = new Map<number, number>();
  return async (owner: Account): Promise<void> => {
    if (!isGuest(owner)) return;
    const now = clock();
    if (now - (written.get(owner.id) ?? -Infinity) < granularityMs) return;
    if (written.size >= 10_000) written.clear();
    written.set(owner.id, now);
    await work.run(({ tx, now: at }) => tx.accounts.markActive(owner.id, at));
  };
}

/**
 * One pass of the idle sweep: removes up to 100 guests idle for `idleSeconds`, each in its own unit of work
 * (the account-removed handlers run, as for any removal); the next pass takes the next ones.
 */
export function guestSweep(work: UnitOfWork, clock: () => number, idleSeconds: number, removed: readonly AccountRemovedHook[]) {
  return async (): Promise<number> => {
    const before = clock() - idleSeconds * 1000;
    const idle = await work.run(({ tx }) => tx.accounts.idle(guestPolicyClass, before, 100));
    let count = 0;
    for (const guest of idle) {
      await work.run(async (unit) => {
        // Read again in this unit: it may have polled since, or another gateway removed it.
        const [still] = await unit.tx.accounts.idle(guestPolicyClass, before, 1, guest.id);
        if (!still) return;
        await removeAccount(unit, still, removed);
        count++;
      });
    }
    return count;
  };
}
