// The Instant Inbox (WSI-6, 7, 22-25): delivery into inboxes, GetMessages with leases and long polls, AckMessages.
// The module's only entry: code outside src/modules/inbox/ imports from here and nowhere else.
export { type Delivery, newMessageId, type Notice, type Party, sendNotice, sendNotices, storeAndEnqueueAll } from './delivery.js';
export { type InboxService, inboxService, type WaitingPoll } from './inbox-service.js';
export { inboxRepository } from './knex/inbox-repository.js';
export { inboxModule } from './module.js';
