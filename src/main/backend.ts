// What `serve` and every CLI command share: the migrated database, the secret key, the long-poll wake-ups and
// the capability modules composed over them (their workers not started). The CLI calls the same services
// (and so the same role checks and events) as SOAP; only the gateway adds HTTP and starts the workers.
import type { Config } from '../platform/config.js';
import type { AccountService } from '../modules/accounts/index.js';
import type { Clock, Store } from '../kernel/ports.js';
import type { GatewayMetrics } from '../platform/http/metrics.js';
import { uncountedMetrics } from '../platform/http/uncounted-metrics.js';
import type { Logger } from '../platform/logger.js';
import type { SecretBox } from '../platform/auth/secret-box.js';
import { scryptPasswordHasher } from '../platform/auth/password-hash.js';
import { type Composition, composeModules } from '../platform/modules/compose.js';
import { defaultGroupCommit, type UnitOfWork, unitOfWork } from '../platform/db/unit-of-work.js';
import { type DigestSecrets, digestSecrets } from '../platform/auth/digest-secrets.js';
import { InboxSignals } from '../platform/wake/inbox-signals.js';
import { capabilityModules } from './modules.js';
import { checkedSecretBox, readSecretKey } from './secret-key.js';
import { openMigratedDatabase } from './start-up.js';
import { createStore } from './store.js';

export interface Backend {
  readonly store: Store;
  readonly box: SecretBox;
  readonly signals: InboxSignals;
  readonly metrics: GatewayMetrics;
  readonly modules: Composition;
  readonly accounts: AccountService;
  /** Every write (platform/db/unit-of-work.ts): the SOAP edge records nonces through it. */
  readonly work: UnitOfWork;
  /** The unsealed PasswordDigest secrets of recent logins; an account's entry goes with the account. */
  readonly digestSecrets: DigestSecrets;
  /** Closes the wake-up bus and the database (stop the workers first). */
  close(): Promise<void>;
}

export interface BackendOptions {
  /** Collect Prometheus metrics (serve); false for CLI commands, which count nothing. */
  readonly metrics: boolean;
}

export async function openBackend(
  config: Config,
  clock: Clock,
  logger: Logger,
  options: BackendOptions = { metrics: true },
): Promise<Backend> {
  // The key first: a bad key file fails before any database is opened.
  const key = readSecretKey(config);
  const db = await openMigratedDatabase(config);
  const store = createStore(db, clock);
  let box: SecretBox;
  try {
    box = await checkedSecretBox(key, store);
  } catch (error) {
    await store.close();
    throw error;
  }
  const signals = new InboxSignals();
  // Several gateways on one PostgreSQL database wake each other's long polls (and a CLI command wakes theirs).
  const bus =
    config.db.client === 'pg' && config.db.url
      ? await (await import('../platform/wake/pg-inbox-bus.js')).pgInboxBus(
          config.db.url,
          (ids) => signals.wakeLocal(ids),
          (error) => logger.warn({ err: error }, 'inbox wake-up bus'),
        )
      : undefined;
  if (bus) signals.onNotify = (ids) => bus.publish(ids);
  // Prometheus metrics for a gateway; a CLI command counts nothing and does not load prom-client.
  const metrics = options.metrics
    ? (await import('../platform/http/metrics.js')).createMetrics(
        () => store.inbox.depth(),
        () => signals.waiting,
        () => store.outbound.depth(),
      )
    : uncountedMetrics();
  // SQLite has one writer: one batch at a time. PostgreSQL runs a few side by side, one pool connection each.
  const work = unitOfWork(store, signals, clock, { ...defaultGroupCommit, concurrentBatches: config.db.client === 'pg' ? 4 : 1 });
  // The capability modules, composed from their own declarations (dependencies, hooks, services, workers).
  const modules = composeModules(capabilityModules, {
    config,
    store,
    work,
    signals,
    clock,
    logger,
    metrics,
    secrets: box,
    passwords: scryptPasswordHasher,
  });
  const secrets = digestSecrets(box);
  modules.handle('account.removed', (_work, account) => {
    secrets.forget(account.id);
    return Promise.resolve();
  });
  return {
    store,
    box,
    work,
    digestSecrets: secrets,
    signals,
    metrics,
    modules,
    accounts: modules.service('accounts'),
    async close() {
      await bus?.close();
      await store.close();
    },
  };
}
