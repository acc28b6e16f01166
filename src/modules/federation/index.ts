// Peer domains (5.14): the routing table, peer trust, the outbound queue, the forwarder and the WSI client.
// The module's only entry: code outside src/modules/federation/ imports from here and nowhere else.
export { type BackoffPolicy, backoffDelay } from './backoff.js';
export { forwarder } from './forwarder.js';
export { outboundRepository } from './knex/outbound-repository.js';
export { peerRepository } from './knex/peer-repository.js';
export { socialQueueRepository } from './knex/social-queue-repository.js';
export { type PeerService } from './peer-service.js';
export { senderAddressOf } from './peer-trust.js';
export { WsiCallError, type WsiClient, type WsiInboxMessage, type WsiOutboundMessage, wsiClient, loadSoapLibrary } from './wsi-client.js';
export { federationModule } from './module.js';
export { peerSoapHandlers } from './soap.js';
