// Presence authorization between a watcher and a presentity (GU-5: opt-in). Shared by the Presence
// operations and the contact lists (AddContact asks for the same authorization, use cases 5.1 and 5.19).
// States: pending -> granted | refused; a refused or withdrawn request can be made again.
import { type Party, sendNotice } from '../inbox/index.js';
import { announcePresence } from './presence-notifier.js';
import {
  defaultSettings,
  type AuthorizationState,
  type NameValue,
  type RequestOrigin,
  type SubscriptionRecord,
  type UserSettings,
} from '../../kernel/social-types.js';
import type { SocialWork } from './social-context.js';
import type { Notification } from '../../kernel/notices.js';
import type { Account } from '../../kernel/types.js';

export const party = (account: Account): Party => ({ accountId: account.id, address: account.address });

export async function settingsOf(work: SocialWork, accountId: number): Promise<UserSettings> {
  return (await work.tx.privacy.settings([accountId])).get(accountId) ?? defaultSettings;
}

type RequestOrResult = Extract<
  Notification,
  { type: 'subscriptionRequest' | 'authorizationRequest' | 'subscriptionUpdate' | 'authorizationResult' | 'contactAdded' }
>;

/** Into the inbox; for a peer domain's user, to its domain as a social event (the same type and fields). */
async function notify(work: SocialWork, to: Account, notification: RequestOrResult): Promise<void> {
  if (work.remote.isRemote(to)) {
    // contactAdded never goes there: a remote presentity's own domain decides, and tells its user (5.19).
    if (notification.type === 'contactAdded') return;
    const { type, address, status, attributes } = notification;
    await work.remote.send(work, { type, from: address, to: to.address, status, attributes: attributes ?? [] });
    return;
  }
  work.wake(await sendNotice(work.tx, { to: party(to), notification }, work.now, work.options.noticeValiditySeconds));
}

/** The notice types follow the request: SubscribePresence talks of subscriptions, AddContact of authorization. */
const requestType = (origin: RequestOrigin) => (origin === 'contact' ? 'authorizationRequest' : 'subscriptionRequest');
const resultType = (origin: RequestOrigin) => (origin === 'contact' ? 'authorizationResult' : 'subscriptionUpdate');

export interface RequestOptions {
  readonly origin: RequestOrigin;
  /** Use case 5.1 step 24: the watcher invites the presentity to add it back. */
  readonly addBackInvited: boolean;
}

/**
 * The watcher subscribes to the presentity's presence. Granted at once when already granted, or when the
 * presentity does not require authorization (then told it was added, 5.19); otherwise pending, and the
 * presentity finds the request in its inbox. A watcher the presentity blocked stays pending and nobody is
 * told (PP2-23: the block is not revealed).
 */
export async function requestAuthorization(
  work: SocialWork,
  watcher: Account,
  presentity: Account,
  request: RequestOptions,
): Promise<AuthorizationState> {
  const { tx, now } = work;
  const existing = await tx.subscriptions.find(presentity.id, watcher.id);
  const watcherSettings = await settingsOf(work, watcher.id);
  const alias = watcherSettings.alias !== undefined ? [{ name: 'alias', value: watcherSettings.alias }] : [];
  const requestAttributes: NameValue[] = [...alias, ...(request.addBackInvited ? [{ name: 'addBackInvited', value: 'true' }] : [])];
  const base = {
    presentityId: presentity.id,
    watcherId: watcher.id,
    subscribed: true,
    origin: existing?.state === 'granted' ? existing.origin : request.origin,
    addBackInvited: request.addBackInvited || (existing?.addBackInvited ?? false),
    requestedAt: existing?.requestedAt ?? now,
    updatedAt: now,
  };
  if (work.remote.isRemote(presentity)) {
    // The presentity's own domain decides (its settings, its blocks): the request always goes there, and the
    // state here mirrors its answer (a grant stays granted; anything else waits for the answer).
    const state = existing?.state === 'granted' ? 'granted' : 'pending';
    await tx.subscriptions.save({ ...base, state });
    await work.remote.send(work, {
      type: requestType(request.origin),
      from: watcher.address,
      to: presentity.address,
      status: 'pending',
      attributes: requestAttributes,
    });
    return state;
  }
  // A watcher in a peer domain learns the answer as an event; a local one from this call's result.
  const granted = async (): Promise<'granted'> => {
    if (work.remote.isRemote(watcher))
      await notify(work, watcher, { type: resultType(base.origin), address: presentity.address, status: 'granted', attributes: [] });
    await announcePresence(work, party(presentity), [party(watcher)]);
    return 'granted';
  };
  if (existing?.state === 'granted') {
    await tx.subscriptions.save({ ...base, state: 'granted' });
    // A remote watcher's domain asks again only when it lost track: tell it again.
    if (!existing.subscribed || work.remote.isRemote(watcher)) return granted();
    return 'granted';
  }
  const blocked = (await tx.privacy.blockedAmong(presentity.id, [watcher.id])).has(watcher.id);
  const settings = await settingsOf(work, presentity.id);
  if (!settings.requireAuthorization && !blocked) {
    await tx.subscriptions.save({ ...base, state: 'granted' });
    if (request.origin === 'contact') {
      await notify(work, presentity, { type: 'contactAdded', address: watcher.address, attributes: alias });
    }
    return granted();
  }
  await tx.subscriptions.save({ ...base, state: 'pending', requestedAt: existing?.state === 'pending' ? existing.requestedAt : now });
  // One notice per request: asking again while pending does not flood the presentity's inbox.
  if (!blocked && existing?.state !== 'pending') {
    await notify(work, presentity, {
      type: requestType(request.origin),
      address: watcher.address,
      status: 'pending',
      attributes: requestAttributes,
    });
  }
  return 'pending';
}

/**
 * The presentity grants or refuses a watcher. Without an earlier request this is a pre-authorization
 * (use case 5.1: Bob authorizes Jan before she adds him back). A subscribed watcher is told the outcome
 * and, when granted, gets the current presence at once.
 */
export async function decideAuthorization(
  work: SocialWork,
  presentity: Account,
  watcher: Account,
  grant: boolean,
  extra: readonly NameValue[] = [],
): Promise<SubscriptionRecord> {
  const { tx, now } = work;
  const existing = await tx.subscriptions.find(presentity.id, watcher.id);
  const next: SubscriptionRecord = {
    presentityId: presentity.id,
    watcherId: watcher.id,
    state: grant ? 'granted' : 'refused',
    subscribed: existing?.subscribed ?? false,
    origin: existing?.origin ?? 'subscribe',
    addBackInvited: existing?.addBackInvited ?? false,
    requestedAt: existing?.requestedAt ?? now,
    updatedAt: now,
  };
  await tx.subscriptions.save(next);
  if (next.subscribed && existing?.state !== next.state) {
    await notify(work, watcher, {
      type: resultType(next.origin),
      address: presentity.address,
      status: grant ? 'granted' : 'refused',
      attributes: extra,
    });
    if (grant) await announcePresence(work, party(presentity), [party(watcher)]);
  }
  return next;
}

/**
 * The watcher stops watching: a pending request is withdrawn, a decided one keeps its decision. A presentity
 * in a peer domain hears of it (its domain stops sending presence).
 */
export async function withdrawSubscription(work: SocialWork, watcherId: number, presentityId: number): Promise<boolean> {
  const existing = await work.tx.subscriptions.find(presentityId, watcherId);
  if (!existing) return false;
  const watcher = await work.tx.subscriptions.addressOf(watcherId);
  const presentity = await work.tx.subscriptions.addressOf(presentityId);
  if (watcher && presentity && work.remote.isRemote({ address: presentity }) && !work.remote.isRemote({ address: watcher })) {
    await work.remote.send(work, { type: 'unsubscribe', from: watcher, to: presentity, status: undefined, attributes: [] });
  }
  if (existing.state === 'pending') await work.tx.subscriptions.remove(presentityId, watcherId);
  else await work.tx.subscriptions.save({ ...existing, subscribed: false, updatedAt: work.now });
  return true;
}
