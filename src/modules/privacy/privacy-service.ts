// BlockUser / UnblockUser / GetBlockList (PP2-23) and the user's privacy settings (GU-5, use case 5.6).
import { AppError } from '../../kernel/errors.js';
import { settingsOf } from '../presence/index.js';
import { requireTarget } from '../addressing/index.js';
import { socialTargets } from '../presence/index.js';
import { checkedName } from '../addressing/index.js';
import type { BlockList, MessageAcceptance, UserSettings } from '../presence/index.js';
import type { SocialContext, SocialWork } from '../presence/index.js';
import type { Account } from '../../kernel/types.js';
import { parseAddress, parseDomain } from '../../kernel/addresses.js';
import { type Caller, requireRole } from '../../kernel/require-role.js';
import type { BlockTarget as StoredBlockTarget, OperatorBlock, OperatorBlockTarget } from './ports.js';

/** A domain a block may name: a valid name that this gateway does not host (SVC3010). */
export function peerDomain(hostedDomains: readonly string[], raw: string): string {
  const domain = parseDomain(raw);
  if (domain === undefined || hostedDomains.includes(domain)) throw new AppError('SVC3010', [raw]);
  return domain;
}

/**
 * One user, one of the caller's own lists (PP2-23: "particular users and/or user defined lists"), or a whole
 * peer domain (a spam source somewhere else).
 */
export interface BlockTarget {
  readonly user: string | undefined;
  readonly listName: string | undefined;
  readonly domain?: string | undefined;
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
  /** An address of a peer domain's user (its stand-in account, made if new) or a peer domain. */
  async function operatorTargetOf(work: SocialWork, raw: string): Promise<{ target: OperatorBlockTarget; shown: string }> {
    if (!raw.includes('@') || raw.trim().startsWith('@')) {
      const domain = peerDomain(work.options.hostedDomains, raw);
      return { target: { domain }, shown: domain };
    }
    const parsed = parseAddress(raw);
    if (parsed.kind !== 'im') throw new AppError('SVC2003', [raw]);
    peerDomain(work.options.hostedDomains, parsed.domain);
    const party = await work.remote.party(work, parsed.address, parsed.domain, false);
    if (!party.ok) throw new AppError(party.code, [parsed.domain]);
    return { target: { accountId: party.account.id }, shown: parsed.address };
  }

  async function targetOf(work: SocialWork, owner: Account, target: BlockTarget): Promise<StoredBlockTarget> {
    const given = [target.user, target.listName, target.domain].filter((t) => t !== undefined).length;
    if (given !== 1) throw new AppError('SVC3009', ['user, listName, domain']);
    if (target.domain !== undefined) return { domain: peerDomain(work.options.hostedDomains, target.domain) };
    if (target.user !== undefined) {
      const account = await requireTarget(socialTargets(work, owner, false), target.user);
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

    /**
     * The operator blocks a peer domain's user or a whole peer domain for every user here: their messages are
     * refused (POL3001) and their subscription requests stay pending, as if each user had blocked them.
     */
    operatorBlock: (caller: Caller, target: string, reason: string | undefined): Promise<string> =>
      ctx.run(async (work) => {
        requireRole(caller, 'admin');
        const resolved = await operatorTargetOf(work, target);
        await work.tx.privacy.operatorBlock(resolved.target, reason, work.now);
        return resolved.shown;
      }),

    operatorUnblock: (caller: Caller, target: string): Promise<boolean> =>
      ctx.run(async (work) => {
        requireRole(caller, 'admin');
        return work.tx.privacy.operatorUnblock((await operatorTargetOf(work, target)).target);
      }),

    operatorBlocks: (caller: Caller): Promise<OperatorBlock[]> => {
      requireRole(caller, 'admin');
      return ctx.store.privacy.operatorBlocks();
    },

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
