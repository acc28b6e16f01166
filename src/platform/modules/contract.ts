// The module contract (README "Layout"). A capability module declares the modules it depends on, the hooks
// it offers and handles, and starts by building its services from the shared context: it provides services
// to its dependents, handles hooks, and returns the SOAP services it serves and the workers it runs. The
// gateway composes modules from this list alone (compose.ts), in dependency order.
import type { Clock, Store } from '../../kernel/ports.js';
import type { PasswordHasher, SecretSealer } from '../../kernel/security-ports.js';
import type { Config } from '../config.js';
import type { UnitOfWork } from '../db/unit-of-work.js';
import type { GatewayMetrics } from '../http/metrics.js';
import type { Logger } from '../logger.js';
import type { ServiceDefinition } from '../soap/mount.js';
import type { InboxSignals } from '../wake/inbox-signals.js';
import type { HookName, HookTypes, ServiceName, ServiceTypes } from './registry.js';

/** A background job: started after the server listens, stopped (and awaited) on shutdown. */
export interface Worker {
  readonly name: string;
  start(): void;
  stop(): Promise<void>;
}

/** What every module starts from, plus its scoped view of the registry. */
export interface ModuleContext {
  readonly config: Config;
  /** Reads; writes go through `work`. */
  readonly store: Store;
  /** Every write: one transaction, and the inboxes it changed woken after commit (platform/db/unit-of-work.ts). */
  readonly work: UnitOfWork;
  /** Long polls subscribe here; wake-ups go through `work`, after commit. */
  readonly signals: InboxSignals;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  /** Opens and seals the secrets the server must read back (peer passwords). */
  readonly secrets: SecretSealer;
  /** Slow password hashes (PasswordText logins, account provisioning). */
  readonly passwords: PasswordHasher;
  provide<K extends ServiceName>(name: K, value: ServiceTypes[K]): void;
  use<K extends ServiceName>(name: K): ServiceTypes[K];
  handle<K extends HookName>(hook: K, handler: HookTypes[K]): void;
  handlers<K extends HookName>(hook: K): readonly HookTypes[K][];
}

export interface StartedModule {
  readonly soap?: readonly ServiceDefinition[];
  readonly workers?: readonly Worker[];
}

export interface CapabilityModule {
  readonly name: string;
  readonly dependsOn: readonly string[];
  readonly hooks: { readonly offers: readonly HookName[]; readonly handles: readonly HookName[] };
  start(context: ModuleContext): StartedModule;
}
