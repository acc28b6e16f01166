// Builds the presence, subscription, contact-list and privacy services over one shared context.
import type { InboxService } from '../modules/inbox/index.js';
import { contactListService } from '../modules/contacts/index.js';
import { withPresenceActivity } from '../modules/presence/index.js';
import { presenceService } from '../modules/presence/index.js';
import { privacyService } from '../modules/privacy/index.js';
import type { SocialContext } from '../modules/presence/index.js';
import { subscriptionService } from '../modules/presence/index.js';

export function socialServices(ctx: SocialContext) {
  const presence = presenceService(ctx);
  return {
    presence,
    subscriptions: subscriptionService(ctx),
    contacts: contactListService(ctx),
    privacy: privacyService(ctx),
    /** GetMessages polls mark the caller as active (online). */
    withActivity: (inbox: InboxService): InboxService => withPresenceActivity(inbox, presence),
  };
}
