// Builds the Store port over one knex instance.
import type { Knex } from 'knex';
import type { Clock, Repositories, Store } from '../domain/ports.js';
import { accountRepository } from './account-repository.js';
import { directoryRepository } from './directory-repository.js';
import { inboxRepository } from './inbox-repository.js';
import { messageRepository } from './message-repository.js';
import { nonceRepository } from './nonce-repository.js';
import { outboundRepository } from './outbound-repository.js';
import { peerRepository } from './peer-repository.js';
import { contactRepository } from './contact-repository.js';
import { presenceRepository } from './presence-repository.js';
import { privacyRepository } from './privacy-repository.js';
import { subscriptionRepository } from './subscription-repository.js';

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
