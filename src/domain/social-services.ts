// Builds the presence, subscription, contact-list and privacy services over one shared context.
import type { InboxService } from './inbox-service.js';
import { contactListService } from './contact-list-service.js';
import { withPresenceActivity } from './presence-activity.js';
import { presenceService } from './presence-service.js';
import { privacyService } from './privacy-service.js';
import type { SocialContext } from './social-context.js';
import { subscriptionService } from './subscription-service.js';

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
