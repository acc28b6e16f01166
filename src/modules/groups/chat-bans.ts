// "Remove and ban everywhere" (use case 5.17: moderation removes rogue users): the operator bars an account
// from public chat. In one unit of work the account leaves every public room it is in, each room hearing it was
// banned, and a bar is kept so that no public room, open now or later, admits or invites it until the operator
// lifts the bar. Private groups are their owners' business and are not touched.
import { AppError } from '../../kernel/errors.js';
import { type Caller, requireRole } from '../../kernel/require-role.js';
import { accountNamed, isLocalOperator } from './group-access.js';
import type { GroupContext } from './group-context.js';
import { removeMember } from './group-service.js';

export interface ChatBanResult {
  readonly address: string;
  /** Public rooms the account was removed from. */
  readonly roomsLeft: number;
}

export function chatBans(ctx: GroupContext) {
  const { options } = ctx;
  const target = (caller: Caller) => (isLocalOperator(caller) ? undefined : caller);
  const by = (caller: Caller) => (isLocalOperator(caller) ? 'cli' : caller.address);

  /** BanEverywhere: removes the account from every public room and bars it from public chat. */
  async function ban(caller: Caller, user: string, reason: string | undefined): Promise<ChatBanResult> {
    requireRole(caller, 'admin');
    return ctx.work.run(async (w) => {
      const work = { ...w, options };
      const account = await accountNamed(w.tx, target(caller), user, options.hostedDomains);
      await w.tx.groups.saveChatBan({ accountId: account.id, reason, bannedBy: by(caller), bannedAt: w.now });
      const rooms = await w.tx.groups.publicRoomsOf(account.id);
      for (const room of rooms) {
        const member = (await w.tx.groups.member(room.id, account.id))!;
        await w.tx.groups.removeInvitations(room.id, account.id);
        await removeMember(work, room, member, 'banned', reason);
      }
      return { address: account.address, roomsLeft: rooms.length };
    });
  }

  /** UnbanEverywhere: lifts the bar; SVC5012 when the account was not barred. */
  async function unban(caller: Caller, user: string): Promise<string> {
    requireRole(caller, 'admin');
    return ctx.work.run(async ({ tx }) => {
      const account = await accountNamed(tx, target(caller), user, options.hostedDomains);
      if (!(await tx.groups.removeChatBan(account.id))) throw new AppError('SVC5012', [account.address]);
      return account.address;
    });
  }

  return { ban, unban };
}

export type ChatBans = ReturnType<typeof chatBans>;
