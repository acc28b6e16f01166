// BlockUser / UnblockUser / GetBlockList (PP2-23) and the user's privacy settings (GU-5, use case 5.6).
import { AppError } from '../../kernel/errors.js';
import { settingsOf } from '../presence/index.js';
import { requireTarget } from '../addressing/index.js';
import { socialTargets } from '../presence/index.js';
import { checkedName } from '../addressing/index.js';
import type { BlockList, MessageAcceptance, UserSettings } from '../presence/index.js';
import type { SocialContext, SocialWork } from '../presence/index.js';
import type { Account } from '../../kernel/types.js';

/** One user, or one of the caller's own lists (PP2-23: "particular users and/or user defined lists"). */
export interface BlockTarget {
  readonly user: string | undefined;
  readonly listName: string | undefined;
}

export interface SettingsChange {
  /** Empty string clears the alias. */
  readonly alias: string | undefined;
  readonly requireAuthorization: boolean | undefined;
  readonly acceptMessagesFrom: MessageAcceptance | undefined;
  readonly rejectWhileUnavailable: boolean | undefined;
  readonly notifyAttemptedContacts: boolean | undefined;
}

export function privacyService(ctx: SocialContext) {
  async function targetOf(work: SocialWork, owner: Account, target: BlockTarget): Promise<{ accountId: number } | { listId: number }> {
    if ((target.user === undefined) === (target.listName === undefined)) throw new AppError('SVC3009', ['user, listName']);
    if (target.user !== undefined) {
      const account = await requireTarget(socialTargets(work, owner), target.user);
      return { accountId: account.id };
    }
    const list = await work.tx.contacts.findList(owner.id, target.listName!.trim());
    if (!list) throw new AppError('SVC3001', [target.listName!]);
    return { listId: list.id };
  }

  return {
    /** Blocks messages both ways and hides the caller's presence from the blocked (PP2-23). */
    block: (owner: Account, target: BlockTarget): Promise<BlockList> =>
      ctx.run(async (work) => {
        await work.tx.privacy.block(owner.id, await targetOf(work, owner, target), work.now);
        return work.tx.privacy.blocks(owner.id);
      }),

    unblock: (owner: Account, target: BlockTarget): Promise<BlockList> =>
      ctx.run(async (work) => {
        await work.tx.privacy.unblock(owner.id, await targetOf(work, owner, target));
        return work.tx.privacy.blocks(owner.id);
      }),

    blockList: (owner: Account): Promise<BlockList> => ctx.store.privacy.blocks(owner.id),

    getSettings: (owner: Account): Promise<UserSettings> => ctx.run((work) => settingsOf(work, owner.id)),

    /** Changes only the settings given. */
    updateSettings: (owner: Account, change: SettingsChange): Promise<UserSettings> =>
      ctx.run(async (work) => {
        const current = await settingsOf(work, owner.id);
        const next: UserSettings = {
          alias: change.alias === undefined ? current.alias : change.alias.trim() === '' ? undefined : checkedName(change.alias, 'alias'),
          requireAuthorization: change.requireAuthorization ?? current.requireAuthorization,
          acceptMessagesFrom: change.acceptMessagesFrom ?? current.acceptMessagesFrom,
          rejectWhileUnavailable: change.rejectWhileUnavailable ?? current.rejectWhileUnavailable,
          notifyAttemptedContacts: change.notifyAttemptedContacts ?? current.notifyAttemptedContacts,
        };
        await work.tx.privacy.saveSettings(owner.id, next);
        return next;
      }),
  };
}

export type PrivacyService = ReturnType<typeof privacyService>;
