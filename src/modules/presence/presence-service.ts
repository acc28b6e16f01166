// PublishPresence and GetPresence (GIM-1, PP-4, GU-4, WSI-4), and presence derived from activity: a user
// polling GetMessages, or who polled within the idle time, is online; after it, offline (and watchers hear).
import { AppError } from '../../kernel/errors.js';
import { party } from './authorization.js';
import type { Party } from '../inbox/index.js';
import type { NameValue, PresenceView, PublishedPresence } from '../../kernel/social-types.js';
import { sameView, viewOf } from './presence-view.js';
import { type SocialContext, socialTargets, watcherView } from './social-context.js';
import type { Account } from '../../kernel/types.js';
import type { Work } from '../../platform/db/unit-of-work.js';

/**
 * The presence-changed event (README "Layout", hooks): a presentity's presence as watchers see it changed
 * (a publication, the first poll after being offline, the idle sweep, the account's removal). Runs inside the
 * unit of work that changed it; the presence module's own notifier handles it (watchers' inbox notices), and
 * so can any module that must hear of presence (another domain's watchers, say).
 */
export type PresenceChangedHook = (work: Work, presentity: Party) => Promise<void>;

/** A PublishPresence, in its unit of work, whether or not watchers see a change (accounting records each). */
export type PresencePublishedHook = (work: Work, publisher: Party) => Promise<void>;

export type PresenceResult =
  | { readonly address: string; readonly result: 'authorized'; readonly presence: PresenceView }
  | { readonly address: string; readonly result: 'notAuthorized' }
  | { readonly address: string; readonly result: 'failed'; readonly errorCode: string; readonly errorText: string };

const limits = { statusText: 1024, device: 255, capabilities: 50, capability: 255, attributes: 50, name: 64, value: 1024 };

export function checkNameValues(list: readonly NameValue[], part: string): void {
  if (list.length > limits.attributes) throw new AppError('SVC0002', [`${part} (at most ${limits.attributes})`]);
  list.forEach((a, i) => {
    if (a.name.length === 0 || a.name.length > limits.name) throw new AppError('SVC0002', [`${part}[${i + 1}].name`]);
    if (a.value.length > limits.value) throw new AppError('SVC0002', [`${part}[${i + 1}].value`]);
  });
}

function checkPublished(p: PublishedPresence): void {
  if (p.statusText !== undefined && p.statusText.length > limits.statusText) throw new AppError('SVC0002', ['statusText']);
  // A device names itself (docs/accounts.md "Devices and sessions"): shown to watchers, so no control characters.
  if (p.device !== undefined && (p.device.length > limits.device || /\p{Cc}/u.test(p.device)))
    throw new AppError('SVC0002', [`device (at most ${limits.device} characters, no control characters)`]);
  if (p.capabilities.length > limits.capabilities || p.capabilities.some((c) => c.length === 0 || c.length > limits.capability))
    throw new AppError('SVC0002', ['capability']);
  checkNameValues(p.attributes, 'attribute');
}

/** A publication is about to be written: a handler refuses it by throwing (policy: publications per minute, MO-2). */
export type PublishingHook = (work: Work, caller: Account) => Promise<void>;

export function presenceService(
  ctx: SocialContext,
  changedHandlers: readonly PresenceChangedHook[],
  publishing: readonly PublishingHook[] = [],
  publishedHandlers: readonly PresencePublishedHook[] = [],
) {
  const idleMs = ctx.options.idleSeconds * 1000;

  async function changed(work: Work, presentity: Party): Promise<void> {
    for (const handler of changedHandlers) await handler(work, presentity);
  }

  /** PublishPresence replaces the caller's published presence; publishing is activity too. */
  async function publish(caller: Account, presence: PublishedPresence): Promise<PresenceView> {
    checkPublished(presence);
    return ctx.run(async (work) => {
      const { tx, now } = work;
      for (const hook of publishing) await hook(work, caller);
      const [before] = await tx.presence.find([caller.id]);
      await tx.presence.publish(caller.id, presence, now);
      await tx.presence.touch(caller.id, now);
      for (const handler of publishedHandlers) await handler(work, party(caller));
      const [after] = await tx.presence.find([caller.id]);
      // Watchers hear only of what they can see changing (an invisible user changing status stays silent).
      if (!before || !sameView(viewOf(before, now, idleMs, false), viewOf(after, now, idleMs, false))) {
        await changed(work, party(caller));
      }
      return viewOf(after, now, idleMs, true);
    });
  }

  /** GetPresence: 1..n presentities; each shows only what it authorized for the caller. */
  async function get(caller: Account, addresses: readonly string[]): Promise<PresenceResult[]> {
    if (addresses.length === 0) throw new AppError('SVC0002', ['presentity']);
    if (addresses.length > ctx.options.presentitiesPerRequest)
      throw new AppError('POL0003', ['presentity', ctx.options.presentitiesPerRequest]);
    return ctx.run(async (work) => {
      const { tx, now } = work;
      const resolve = socialTargets(work, caller);
      const targets = [];
      for (const raw of addresses) targets.push(await resolve(raw));
      const ids = [...new Set(targets.flatMap((t) => (t.ok ? [t.account.id] : [])))];
      const granted = new Set(
        (await tx.subscriptions.ofWatcher(caller.id, ids)).filter((s) => s.state === 'granted').map((s) => s.presentityId),
      );
      const blockers = await tx.privacy.blockersOf(caller.id, ids);
      const records = new Map((await tx.presence.find([...ids, caller.id])).map((r) => [r.accountId, r]));
      return targets.map((t, i): PresenceResult => {
        // Asking for oneself is allowed and shows what the user published, invisible included.
        if (!t.ok && t.code === 'SVC3008')
          return { address: t.address, result: 'authorized', presence: viewOf(records.get(caller.id), now, idleMs, true) };
        if (!t.ok) return { address: addresses[i]!, result: 'failed', errorCode: t.code, errorText: t.text };
        const id = t.account.id;
        if (!granted.has(id) || blockers.has(id)) return { address: t.account.address, result: 'notAuthorized' };
        // A peer domain's user: the copy its domain pushed here, which only its authorization let through.
        return { address: t.account.address, result: 'authorized', presence: watcherView(work, t.account, records.get(id)) };
      });
    });
  }

  // A poller seen moments ago needs no write: activity is recorded to within a tenth of the idle time (at
  // most 10 s), so a client polling in a tight loop costs one read per poll, not a write transaction.
  const touchGranularityMs = Math.min(idleMs / 10, 10_000);

  // And one this process saw recorded as online moments ago needs not even the read (README "Group commit":
  // GetMessages' statements). Safe to skip for the same span: only the idle sweep turns a user offline, and it
  // takes users inactive for the whole idle time, ten times this span. Bounded; emptied when full.
  const recentlyActive = new Map<number, number>();
  const remember = (accountId: number, at: number) => {
    if (recentlyActive.size >= 10_000) recentlyActive.clear();
    recentlyActive.set(accountId, at);
  };

  /** Activity (a GetMessages poll): the first after being offline tells the watchers. */
  async function touch(caller: Account): Promise<void> {
    const seen = recentlyActive.get(caller.id);
    if (seen !== undefined && ctx.clock() - seen < touchGranularityMs) return;
    const [record] = await ctx.store.presence.find([caller.id]);
    if (record?.online && record.lastActiveAt !== undefined && ctx.clock() - record.lastActiveAt < touchGranularityMs) {
      remember(caller.id, record.lastActiveAt);
      return;
    }
    const at = await ctx.run(async (work) => {
      if (await work.tx.presence.touch(caller.id, work.now)) await changed(work, party(caller));
      return work.now;
    });
    remember(caller.id, at);
  }

  /**
   * Announces users whose idle time ran out as offline; returns how many. Gateways sharing one PostgreSQL
   * database all sweep: takeIdle claims the accounts it marks offline within this transaction (rows another
   * sweep holds are passed over), so each user is announced once.
   */
  async function sweepIdle(batch = 200): Promise<number> {
    return ctx.run(async (work) => {
      const idle = await work.tx.presence.takeIdle(work.now - idleMs, batch);
      for (const presentity of idle) await changed(work, presentity);
      return idle.length;
    });
  }

  /**
   * An account is being removed (the account-removed event, in its unit of work): its published presence
   * and activity go, and its watchers hear it is offline before their subscriptions go with the account.
   */
  async function forget(work: Work, account: Account): Promise<void> {
    recentlyActive.delete(account.id);
    await work.tx.presence.forget(account.id);
    await changed(work, party(account));
  }

  return { publish, get, touch, sweepIdle, forget };
}

export type PresenceService = ReturnType<typeof presenceService>;
