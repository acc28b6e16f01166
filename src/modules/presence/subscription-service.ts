// SubscribePresence, UnsubscribePresence, GetOpenSubscriptions, UpdateSubscriptionAuthorization and
// GetWatchers (GU-5: nobody sees a user's presence until the user authorizes them).
import { AppError } from '../../kernel/errors.js';
import { decideAuthorization, requestAuthorization, withdrawSubscription } from './authorization.js';
import type { AuthorizationState, SubscriptionWithParty } from '../../kernel/social-types.js';
import { type SocialContext, type SocialWork, socialTargets } from './social-context.js';
import type { Account } from '../../kernel/types.js';

export type TargetResult =
  | { readonly address: string; readonly status: AuthorizationState | 'unsubscribed' }
  | { readonly address: string; readonly status: 'failed'; readonly errorCode: string; readonly errorText: string };

export interface AuthorizationDecision {
  readonly watcher: string;
  readonly grant: boolean;
}

export function subscriptionService(ctx: SocialContext) {
  function checkCount(count: number, part: string): void {
    if (count === 0) throw new AppError('SVC0002', [part]);
    if (count > ctx.options.presentitiesPerRequest) throw new AppError('POL0003', [part, ctx.options.presentitiesPerRequest]);
  }

  /** Runs `act` per named account; a bad name fails that entry only. */
  function perTarget(
    caller: Account,
    addresses: readonly string[],
    act: (work: SocialWork, account: Account, index: number) => Promise<AuthorizationState | 'unsubscribed'>,
  ): Promise<TargetResult[]> {
    return ctx.run(async (work) => {
      const resolve = socialTargets(work, caller);
      const results: TargetResult[] = [];
      for (const [i, raw] of addresses.entries()) {
        const target = await resolve(raw);
        if (!target.ok) results.push({ address: target.address, status: 'failed', errorCode: target.code, errorText: target.text });
        else results.push({ address: target.account.address, status: await act(work, target.account, i) });
      }
      return results;
    });
  }

  return {
    /** SubscribePresence: pending until the presentity answers (granted at once where it needs no authorization). */
    subscribe(caller: Account, presentities: readonly string[]): Promise<TargetResult[]> {
      checkCount(presentities.length, 'presentity');
      return perTarget(caller, presentities, (work, presentity) =>
        requestAuthorization(work, caller, presentity, { origin: 'subscribe', addBackInvited: false }),
      );
    },

    /** UnsubscribePresence: ends the subscription (withdraws a pending request). */
    unsubscribe(caller: Account, presentities: readonly string[]): Promise<TargetResult[]> {
      checkCount(presentities.length, 'presentity');
      return perTarget(caller, presentities, async (work, presentity) => {
        await withdrawSubscription(work, caller.id, presentity.id);
        return 'unsubscribed';
      });
    },

    /** UpdateSubscriptionAuthorization: the caller grants or refuses, per watcher. */
    async decide(caller: Account, decisions: readonly AuthorizationDecision[]): Promise<TargetResult[]> {
      checkCount(decisions.length, 'decision');
      return perTarget(
        caller,
        decisions.map((d) => d.watcher),
        async (work, watcher, i) => (await decideAuthorization(work, caller, watcher, decisions[i]!.grant)).state,
      );
    },

    /** GetOpenSubscriptions: requests waiting for the caller's answer. */
    async open(caller: Account): Promise<SubscriptionWithParty[]> {
      return (await ctx.store.subscriptions.watchersOf(caller.id)).filter((s) => s.state === 'pending' && s.subscribed);
    },

    /** GetWatchers: everyone with a subscription or an authorization for the caller's presence. */
    watchers(caller: Account): Promise<SubscriptionWithParty[]> {
      return ctx.store.subscriptions.watchersOf(caller.id);
    },
  };
}

export type SubscriptionService = ReturnType<typeof subscriptionService>;
