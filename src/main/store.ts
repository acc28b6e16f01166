// Builds the Store port over one knex instance: the composition of every module's repositories (main/ composes modules).
import type { Knex } from 'knex';
import type { Clock, Repositories, Store } from '../kernel/ports.js';
import { accountRepository, aliasRepository, profileRepository, registrationRepository } from '../modules/accounts/index.js';
import { directoryRepository } from '../modules/directory/index.js';
import { groupRepository, remoteGroupRepository } from '../modules/groups/index.js';
import { inboxRepository } from '../modules/inbox/index.js';
import { messageRepository } from '../modules/messaging/index.js';
import { nonceRepository } from '../platform/auth/nonce-repository.js';
import { outboundRepository } from '../modules/federation/index.js';
import { peerRepository, socialQueueRepository } from '../modules/federation/index.js';
import { contactRepository } from '../modules/contacts/index.js';
import { presenceRepository } from '../modules/presence/index.js';
import { privacyRepository } from '../modules/privacy/index.js';
import { policyRepository } from '../modules/policy/index.js';
import { subscriptionRepository } from '../modules/presence/index.js';
import { hotStatements } from '../platform/db/hot-statements.js';
import { batchTransaction } from '../platform/db/batch-transaction.js';
import { chargingRepository, usageRepository } from '../modules/accounting/index.js';
import { auditRepository, monitoringRepository } from '../modules/administration/index.js';

/** The repositories over `db`, a transaction of `root` or `root` itself; hot statements go direct in a transaction. */
function repositories(root: Knex, db: Knex | Knex.Transaction, clock: Clock): Repositories {
  const hot = hotStatements(root, db);
  return {
    accounts: accountRepository(db, hot, clock),
    registrations: registrationRepository(db),
    profiles: profileRepository(db),
    aliases: aliasRepository(db),
    messages: messageRepository(db, hot),
    inbox: inboxRepository(db, hot),
    nonces: nonceRepository(db, hot),
    peers: peerRepository(db, clock),
    directory: directoryRepository(db),
    outbound: outboundRepository(db),
    socialQueue: socialQueueRepository(db),
    presence: presenceRepository(db),
    subscriptions: subscriptionRepository(db),
    contacts: contactRepository(db),
    privacy: privacyRepository(db, hot),
    groups: groupRepository(db),
    remoteGroups: remoteGroupRepository(db),
    policy: policyRepository(db, hot),
    usage: usageRepository(db, root, hot),
    charging: chargingRepository(db, hot),
    audit: auditRepository(db),
    monitoring: monitoringRepository(db),
  };
}

export function createStore(db: Knex, clock: Clock): Store {
  return {
    ...repositories(db, db, clock),
    // knex runs a transaction inside a transaction as SAVEPOINT / RELEASE / ROLLBACK TO on the same connection;
    // on PostgreSQL the batch holds that connection itself, for its hot statements (batch-transaction.ts).
    transaction: (work) =>
      batchTransaction(db, (trx, savepoint) => {
        // Built once per batch: on SQLite every unit works on the batch's transaction itself (batch-transaction.ts).
        const batch = repositories(db, trx, clock);
        return work(batch, (unit) => savepoint((tx) => unit(tx === trx ? batch : repositories(db, tx, clock))));
      }),
    ping: async () => {
      await db.raw('select 1');
    },
    close: () => db.destroy(),
  };
}
