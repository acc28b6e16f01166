// Builds the presence, subscription, contact-list and privacy services over one shared context.
import type { InboxService } from '../modules/inbox/inbox-service.js';
import { contactListService } from '../modules/contacts/contact-list-service.js';
import { withPresenceActivity } from '../modules/presence/presence-activity.js';
import { presenceService } from '../modules/presence/presence-service.js';
import { privacyService } from '../modules/privacy/privacy-service.js';
import type { SocialContext } from '../modules/presence/social-context.js';
import { subscriptionService } from '../modules/presence/subscription-service.js';

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
