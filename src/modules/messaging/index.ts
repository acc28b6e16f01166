// SendMessages and GetDeliveryStatus (WSI-5, 8-12; PP2-31, 33): send hooks, delivery reports, expiry.
// The module's only entry: code outside src/modules/messaging/ imports from here and nowhere else.
export { settleAcknowledged } from './delivery-reports.js';
export { expirySweeper } from './expiry-sweeper.js';
export { messageRepository } from './knex/message-repository.js';
export { messagingService } from './messaging-service.js';
export { messagingModule } from './module.js';
export type { AdmissionHook, AdmissionOutcome, RecipientEntry, SubmissionHook } from './send-hooks.js';
