// The social events a peer domain sends (docs/federation.md "Social events across domains"), applied here
// as that domain's user would act locally: a request runs the local presentity's authorization rules, an
// answer updates the local watcher's mirror of its request and tells it, a presence publication refreshes the
// cached copy and reaches the local watcher as the usual coalesced notice. The federation module has checked
// who may speak for `from` (peer trust) and that `to` is a local account.
import { AppError } from '../../kernel/errors.js';
import { sendNotice } from '../inbox/index.js';
import { type Availability, availabilities, defaultSettings, type NameValue, type PublishedPresence } from '../../kernel/social-types.js';
import type { Account } from '../../kernel/types.js';
import { party, requestAuthorization, settingsOf, withdrawSubscription } from './authorization.js';
import { announcePresence } from './presence-notifier.js';
import type { SocialEvent } from './remote-social.js';
import type { SocialWork } from './social-context.js';

const valueOf = (attributes: readonly NameValue[], name: string) => attributes.find((a) => a.name === name)?.value;

/** The presence notice's attributes back into a publication (presence-notifier.ts writes them). */
function publicationOf(event: SocialEvent): PublishedPresence {
  const availability = availabilities.find((a) => a === event.status);
  // Watchers never see `invisible` (presence-view.ts): a peer that sends it sends nothing valid.
  if (!availability || availability === 'invisible') throw new AppError('SVC8002', [event.type, `status ${event.status ?? ''}`]);
  return {
    availability: availability satisfies Availability,
    statusText: valueOf(event.attributes, 'statusText'),
    device: valueOf(event.attributes, 'device'),
    capabilities: event.attributes.filter((a) => a.name === 'capability').map((a) => a.value),
    attributes: event.attributes.filter((a) => a.name.startsWith('ext.')).map((a) => ({ name: a.name.slice(4), value: a.value })),
  };
}

function answerOf(event: SocialEvent): 'granted' | 'refused' {
  if (event.status === 'granted' || event.status === 'refused') return event.status;
  throw new AppError('SVC8002', [event.type, `status ${event.status ?? ''}`]);
}

/** Applies one event from `sender` (the stand-in account of its author) to the local account `target`. */
export async function applySocialEvent(work: SocialWork, event: SocialEvent, sender: Account, target: Account): Promise<void> {
  const { tx, now } = work;
  switch (event.type) {
    case 'subscriptionRequest':
    case 'authorizationRequest': {
      // The watcher's alias as its domain knows it, shown in the request notice like a local watcher's.
      const alias = valueOf(event.attributes, 'alias');
      const current = await settingsOf(work, sender.id);
      if (alias !== current.alias) await tx.privacy.saveSettings(sender.id, { ...defaultSettings, alias });
      await requestAuthorization(work, sender, target, {
        origin: event.type === 'authorizationRequest' ? 'contact' : 'subscribe',
        addBackInvited: valueOf(event.attributes, 'addBackInvited') === 'true',
      });
      return;
    }
    case 'unsubscribe':
      await withdrawSubscription(work, sender.id, target.id);
      return;
    case 'subscriptionUpdate':
    case 'authorizationResult': {
      const state = answerOf(event);
      const mirror = await tx.subscriptions.find(sender.id, target.id);
      // Withdrawn meanwhile, or nothing asked: the answer concerns nobody here.
      if (!mirror?.subscribed || mirror.state === state) return;
      await tx.subscriptions.save({ ...mirror, state, updatedAt: now });
      const notification = { type: event.type, address: sender.address, status: state, attributes: event.attributes };
      work.wake(await sendNotice(tx, { to: party(target), notification }, now, work.options.noticeValiditySeconds));
      return;
    }
    case 'presence': {
      const publication = publicationOf(event);
      await tx.presence.publish(sender.id, publication, now);
      const mirror = await tx.subscriptions.find(sender.id, target.id);
      if (mirror?.state === 'granted' && mirror.subscribed) await announcePresence(work, party(sender), [party(target)]);
      return;
    }
  }
}
