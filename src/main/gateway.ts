// The running gateway: the backend (database, key, composed modules) behind HTTP, with the SOAP services the
// modules serve, /metrics and /healthz, and the modules' workers started once the server listens.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import express from 'express';
import type { Config } from '../platform/config.js';
import { type AccountService, guestGate } from '../modules/accounts/index.js';
import type { Clock, Store } from '../kernel/ports.js';
import { type HealthCheck, healthHandler } from '../platform/http/health.js';
import { prototypesIntact } from '../platform/auth/harden-prototypes.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { usernameTokenVerifier } from '../platform/auth/username-token.js';
import { pendingNonces } from '../platform/auth/pending-nonces.js';
import { loginThrottle } from '../platform/auth/login-throttle.js';
import { parserLimitsOf } from '../platform/soap/parser-limits.js';
import { type MountOptions, mountService } from '../platform/soap/mount.js';
import { type OperationHooks, parkedPolls } from '../platform/soap/operation.js';
import { StartupError, systemReason } from '../platform/startup-error.js';
import { type Backend, openBackend } from './backend.js';
import { listenOn, readTlsFiles } from './start-up.js';
import { portalRouter } from '../portal/portal.js';
import { consoleRouter } from '../console/console.js';

export interface Gateway {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  readonly store: Store;
  readonly accounts: AccountService;
  /** Stops accepting, ends long polls, lets in-flight requests finish, closes the database. */
  close(): Promise<void>;
}

export interface GatewayOptions {
  readonly clock?: Clock | undefined;
  readonly logger?: Logger | undefined;
}

export const demoAccounts = [
  { address: 'alice@example.com', password: 'alice-password', msisdn: '+15550100001' },
  { address: 'bob@example.com', password: 'bob-password', msisdn: '+15550100002' },
] as const;

async function provisionDemo(accounts: AccountService, logger: Logger): Promise<void> {
  const existing = new Set((await accounts.list()).map((a) => a.address));
  for (const demo of demoAccounts) {
    if (existing.has(demo.address)) continue;
    await accounts.add({ address: demo.address, password: demo.password, msisdn: demo.msisdn });
    logger.info({ address: demo.address }, 'demo account created');
  }
}

/** The HTTPS server, or why the certificate and key cannot serve. */
function httpsServer(tls: { cert: Buffer; key: Buffer }, timeouts: object, handle: (req: IncomingMessage, res: ServerResponse) => void) {
  try {
    return createHttpsServer({ ...tls, ...timeouts }, handle);
  } catch (error) {
    throw new StartupError(
      `the TLS certificate and key cannot serve HTTPS (${systemReason(error)}): give a PEM certificate and its private key`,
      {
        cause: error,
      },
    );
  }
}

export async function startGateway(config: Config, options: GatewayOptions = {}): Promise<Gateway> {
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? createLogger(config.logLevel);
  // Files first, then the database: a start-up failure leaves nothing open (README "Start-up failures").
  const tls = readTlsFiles(config);
  const backend = await openBackend(config, clock, logger);
  try {
    return await serveBackend(config, backend, tls, clock, logger);
  } catch (error) {
    await backend.close();
    throw error;
  }
}

async function serveBackend(
  config: Config,
  backend: Backend,
  tls: { cert: Buffer; key: Buffer } | undefined,
  clock: Clock,
  logger: Logger,
): Promise<Gateway> {
  const { store, metrics, accounts, modules } = backend;
  if (config.demo) await provisionDemo(accounts, logger);
  const shutdown = new AbortController();

  const app = express();
  app.disable('x-powered-by');
  // While stopping, every answer closes its connection: a keep-alive client that polls again at once
  // (a relay, a peer's forwarder) would otherwise hold the server open forever.
  app.use((_req, res, next) => {
    if (shutdown.signal.aborted) res.setHeader('Connection', 'close');
    next();
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  const nonces = pendingNonces(backend.work);
  const hooks: OperationHooks = {
    verify: usernameTokenVerifier(store, nonces, backend.digestSecrets, clock, config.security),
    nonces,
    throttle: loginThrottle(),
    signatures: {
      clockSkewSeconds: config.security.createdWindowSeconds,
      maxTimestampLifetimeSeconds: config.security.maxTimestampLifetimeSeconds,
    },
    clock,
    onRequest: (service, operation) => metrics.request(service, operation),
    onFault(operation, error, req) {
      metrics.fault(operation, error.code);
      const level = error.code === 'SVC0001' ? 'error' : 'info';
      logger[level]({ operation, code: error.code, url: req.url, err: error.cause }, error.message);
    },
    onAuthenticationFailure(error, username, client) {
      metrics.authenticationFailure(error.code);
      logger.warn({ code: error.code, username, client }, 'authentication failed');
    },
    // Guest accounts (GS-3) call only what guests may (docs/accounts.md).
    admit: guestGate,
  };
  const mountOptions: MountOptions = {
    requestBytes: config.limits.requestBytes,
    parser: parserLimitsOf(config),
    publicUrl: config.publicUrl,
    hooks,
    polls: parkedPolls(hooks, shutdown.signal),
  };
  const services = modules.soap.map((definition) => mountService(app, definition, mountOptions));
  const soapPosts = new Map(services.flatMap((service) => [...service.posts]));
  // SOAP POSTs go straight to the edge, below express (README "Performance"): neither the request nor a
  // long poll parked for minutes carries express's state. Everything else, and any POST whose path is not
  // exactly a service's, goes through express as before.
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const post = req.method === 'POST' && req.url !== undefined ? soapPosts.get(req.url) : undefined;
    if (!post) return void app(req, res);
    if (shutdown.signal.aborted) res.setHeader('Connection', 'close');
    post(req, res);
  };
  // The web portal (docs/portal.md): the same composed services, behind a session cookie.
  app.use('/portal', portalRouter({ modules, clock, logger, secure: Boolean(config.tls.certFile) }));
  // The operator console (docs/operations.md "Console"): admin accounts only, over the administration service.
  app.use('/console', consoleRouter({ modules, clock, logger, secure: Boolean(config.tls.certFile) }));
  const checks = new Map<string, HealthCheck>([
    [
      'prototypes',
      () => {
        const { ok, problems } = prototypesIntact();
        if (!ok) throw new Error(`built-in prototypes changed: ${problems.join('; ')}`);
      },
    ],
    ['soap', () => services.forEach((service) => service.selfTest())],
    ['database', () => store.ping()],
  ]);
  app.get(
    '/healthz',
    healthHandler(checks, config.domains, () => shutdown.signal.aborted),
  );

  // A trickled or truncated request must not hold a socket forever; long polls are not affected
  // (the timeout covers receiving the request, not answering it).
  const timeouts = {
    requestTimeout: config.limits.requestTimeoutMs,
    headersTimeout: Math.min(config.limits.requestTimeoutMs, 10_000),
    connectionsCheckingInterval: Math.min(config.limits.requestTimeoutMs, 30_000),
  };
  const server = tls ? httpsServer(tls, timeouts, handle) : createHttpServer(timeouts, handle);
  const address = await listenOn(server, config);
  const url = `${tls ? 'https' : 'http'}://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info({ url, domains: config.domains, db: config.db.client }, 'imwsi listening');

  for (const worker of modules.workers) worker.start();

  return {
    url,
    store,
    accounts,
    async close() {
      shutdown.abort();
      await Promise.all(modules.workers.map((worker) => worker.stop()));
      await new Promise<void>((resolve) => {
        // A connection still busy after the grace (a client that never reads its answer, a request that never
        // completes) must not keep a stopping gateway alive: it is cut, and said so.
        const cut = setTimeout(() => {
          logger.warn({ graceMs: config.shutdownGraceMs }, 'connections still busy after the shutdown grace: cut');
          server.closeAllConnections();
        }, config.shutdownGraceMs);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      });
      await backend.close();
      logger.info('imwsi stopped');
    },
  };
}
