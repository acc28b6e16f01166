// Presence notices into watchers' inboxes (WSI-24: the consumer polls, so presence travels as inbox
// notices). Coalescing: a watcher holds at most one unread presence notice per presentity. While that
// notice sits in the inbox unread (never handed out by GetMessages), a change rewrites it in place with the
// newest presence; once it was handed out, the next change writes a new one. A burst of N changes
// therefore costs each watcher one inbox entry, and a watcher always reads the latest state.
import { newMessageId, type Party, sendNotices } from '../inbox/index.js';
import type { PresenceView } from '../../kernel/social-types.js';
import { type SocialWork, watcherView } from './social-context.js';
import { noticeText, type PresenceNotice } from '../../kernel/notices.js';
import { isoTime } from '../../kernel/time.js';

/** The notice as GetMessages shows it: status = availability; details as name/value attributes. */
function presenceNotification(address: string, view: PresenceView): PresenceNotice {
  const attributes = [
    ...(view.statusText !== undefined ? [{ name: 'statusText', value: view.statusText }] : []),
    ...(view.device !== undefined ? [{ name: 'device', value: view.device }] : []),
    ...view.capabilities.map((c) => ({ name: 'capability', value: c })),
    ...(view.lastActiveAt !== undefined ? [{ name: 'lastActiveAt', value: isoTime(view.lastActiveAt) }] : []),
    // WSI-4: published extension attributes keep their names under an "ext." prefix, clear of ours.
    ...view.attributes.map((a) => ({ name: `ext.${a.name}`, value: a.value })),
  ];
  return { type: 'presence', address, status: view.availability, attributes };
}

/**
 * Tells watchers the presentity's current presence: every granted, subscribed, unblocked watcher, or only
 * `only` (a watcher that was just granted).
 */
export async function announcePresence(work: SocialWork, presentity: Party, only?: readonly Party[]): Promise<void> {
  const { tx, now, options } = work;
  const candidates = only ?? (await tx.subscriptions.notifiedWatchers(presentity.accountId));
  if (candidates.length === 0) return;
  // PP2-23: a blocked watcher sees no presence.
  const blocked = await tx.privacy.blockedAmong(
    presentity.accountId,
    candidates.map((w) => w.accountId),
  );
  const allowed = candidates.filter((w) => !blocked.has(w.accountId));
  if (allowed.length === 0) return;

  const [record] = await tx.presence.find([presentity.accountId]);
  const view = watcherView(work, presentity, record);
  const notification = presenceNotification(presentity.address, view);
  const text = noticeText(notification);

  // Watchers in peer domains: their domain gets the same view, only theirs (authorized, unblocked), as an event.
  const watchers = allowed.filter((w) => !work.remote.isRemote(w));
  for (const w of allowed) {
    if (work.remote.isRemote(w)) {
      await work.remote.send(work, {
        type: 'presence',
        from: presentity.address,
        to: w.address,
        status: view.availability,
        attributes: notification.attributes,
      });
    }
  }
  if (watchers.length === 0) return;

  const unread = await tx.presence.unreadNotices(
    presentity.accountId,
    watchers.map((w) => w.accountId),
    now,
  );
  if (unread.size > 0) await tx.presence.rewriteNotices([...unread.values()], JSON.stringify(notification), Buffer.from(text, 'utf8'), now);
  // One batch for every watcher without an unread notice: multi-row inserts, not five statements each.
  const fresh = watchers.filter((w) => !unread.has(w.accountId)).map((to) => ({ to, notification, id: newMessageId(now) }));
  await sendNotices(tx, fresh, now, options.noticeValiditySeconds);
  const tracked = fresh.map((n) => ({ watcherId: n.to.accountId, messageId: n.id }));
  await tx.presence.trackNotices(presentity.accountId, tracked);
  work.wake(watchers.map((w) => w.accountId));
}
