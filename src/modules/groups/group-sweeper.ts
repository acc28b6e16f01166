// The groups' background work, one unit of work per pass: temporary groups' "expiring soon" notices and
// their end (use case 5.12: past the duration and idle), tombstones past their time, and history past its
// retention (MU-7), also in the copies of peer domains' group histories.
import { isoTime } from '../../kernel/time.js';
import type { GroupContext } from './group-context.js';
import { groupAttributes, partyOf, tell } from './group-events.js';
import { closeGroup } from './group-service.js';

const batch = 100;

export function groupSweeper(ctx: GroupContext) {
  const { options } = ctx;
  /** One pass; returns how many groups it told or closed. */
  return async function sweep(): Promise<number> {
    return ctx.work.run(async (w) => {
      const work = { ...w, options };
      const { tx, now } = work;
      const expiring = await tx.groups.expiringUnnoticed(now + options.expiringNoticeSeconds * 1000, batch);
      for (const group of expiring) {
        const members = await tx.groups.members(group.id);
        await tell(work, members.map(partyOf), {
          type: 'groupExpiring',
          status: 'expiring',
          attributes: groupAttributes(group, undefined, [{ name: 'expiresAt', value: isoTime(group.expiresAt!) }]),
        });
        await tx.groups.update(group.id, { expiringNoticeSent: true });
      }
      // 5.12: the group outlives its duration while the members are active; once idle past it, it goes.
      const ended = await tx.groups.expiredIdle(now, now - options.idleSeconds * 1000, batch);
      for (const group of ended) await closeGroup(work, group, 'its time ran out');
      await tx.groups.purgeClosed(now - options.tombstoneSeconds * 1000);
      await tx.groups.purgeHistory(now, options.historySeconds);
      // The same retention over the copies kept of peer domains' groups (remote-state.ts).
      await tx.remoteGroups.purgeHistory(now, options.historySeconds);
      return expiring.length + ended.length;
    });
  };
}
