// Presence (GIM-1, PP-4, GU-4/5): publication, subscriptions and authorization, activity, notices.
// The module's only entry: code outside src/modules/presence/ imports from here and nowhere else.
export { type RequestOptions, decideAuthorization, requestAuthorization, settingsOf, withdrawSubscription } from './authorization.js';
export { presenceRepository } from './knex/presence-repository.js';
export { subscriptionRepository } from './knex/subscription-repository.js';
export { decodeNameValues, encodeNameValues, encodePresence } from './presence-codec.js';
export { checkNameValues, presenceService } from './presence-service.js';
export {
  type BlockList,
  type ContactEntry,
  type ContactEntryRecord,
  type ContactList,
  type ContactListRecord,
  type ContactStatus,
  type MessageAcceptance,
  type NameValue,
  type PresenceRecord,
  type PublishedPresence,
  type SubscriptionRecord,
  type SubscriptionWithParty,
  type UserSettings,
  defaultSettings,
  messageAcceptances,
} from '../../kernel/social-types.js';
export { isUnavailableForMessages, unavailableForMessages, viewOf } from './presence-view.js';
export { type SocialContext, type SocialWork } from './social-context.js';
export { subscriptionService } from './subscription-service.js';
export { applySocialEvent } from './remote-presence.js';
export {
  domainOf,
  type GroupEventHandler,
  type GroupEventType,
  groupEventTypes,
  isGroupEvent,
  type RemoteSocial,
  type RemoteParty,
  type RemoteReach,
  type RemoteSocialHandler,
  type SocialEvent,
  type SocialEventType,
  socialEventTypes,
} from './remote-social.js';
export { presenceModule } from './module.js';
export { socialContextOf, socialTargets, watcherView } from './social-context.js';
