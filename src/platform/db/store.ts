// Builds the Store port over one knex instance.
import type { Knex } from 'knex';
import type { Clock, Repositories, Store } from '../../kernel/ports.js';
import { accountRepository } from '../../modules/accounts/knex/account-repository.js';
import { directoryRepository } from '../../modules/directory/knex/directory-repository.js';
import { inboxRepository } from '../../modules/inbox/knex/inbox-repository.js';
import { messageRepository } from '../../modules/messaging/knex/message-repository.js';
import { nonceRepository } from '../auth/nonce-repository.js';
import { outboundRepository } from '../../modules/federation/knex/outbound-repository.js';
import { peerRepository } from '../../modules/federation/knex/peer-repository.js';
import { contactRepository } from '../../modules/contacts/knex/contact-repository.js';
import { presenceRepository } from '../../modules/presence/knex/presence-repository.js';
import { privacyRepository } from '../../modules/privacy/knex/privacy-repository.js';
import { subscriptionRepository } from '../../modules/presence/knex/subscription-repository.js';

function repositories(db: Knex | Knex.Transaction, clock: Clock): Repositories {
  return {
    accounts: accountRepository(db, clock),
    messages: messageRepository(db),
    inbox: inboxRepository(db),
    nonces: nonceRepository(db),
    peers: peerRepository(db, clock),
    directory: directoryRepository(db),
    outbound: outboundRepository(db),
    presence: presenceRepository(db),
    subscriptions: subscriptionRepository(db),
    contacts: contactRepository(db),
    privacy: privacyRepository(db),
  };
}

export function createStore(db: Knex, clock: Clock): Store {
  return {
    ...repositories(db, clock),
    transaction: (work) => db.transaction((trx) => work(repositories(trx, clock))),
    ping: async () => void (await db.raw('select 1')),
    close: () => db.destroy(),
  };
}
