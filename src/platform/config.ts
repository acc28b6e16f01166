// loadConfig(env, argv) -> frozen Config. Sources, strongest first: command-line flags, IMWSI_* environment
// variables, a JSON file (--config / IMWSI_CONFIG), defaults. Every problem is collected and reported at once.
import { readFileSync } from 'node:fs';

export type DbClient = 'better-sqlite3' | 'sqlite3' | 'pg';

export interface Config {
  readonly host: string;
  readonly port: number;
  /** The URL written into served WSDLs; defaults to the address the server listens on. */
  readonly publicUrl: string | undefined;
  readonly domains: readonly string[];
  readonly db: { readonly client: DbClient; readonly filename: string; readonly url: string | undefined };
  readonly tls: { readonly certFile: string | undefined; readonly keyFile: string | undefined };
  /** Key that encrypts the PasswordDigest secrets at rest; a file next to the database when unset. */
  readonly secretKeyFile: string | undefined;
  /**
   * The same key given as 64 hex characters in IMWSI_SECRET_KEY (environment only: a flag would show it in
   * the process list), for containers and for gateways sharing one PostgreSQL database (README "Operating it").
   */
  readonly secretKey: string | undefined;
  readonly security: {
    readonly allowPasswordText: boolean;
    readonly createdWindowSeconds: number;
    /** Longest accepted lifetime (Expires - Created) of a signed wsu:Timestamp. */
    readonly maxTimestampLifetimeSeconds: number;
  };
  readonly limits: {
    readonly recipientsPerMessage: number;
    readonly messagesPerRequest: number;
    readonly contentBytes: number;
    readonly requestBytes: number;
    readonly maxMessagesPerGet: number;
    readonly maxWaitSeconds: number;
    readonly maxXmlDepth: number;
    /** Element and attribute names (prefix included). */
    readonly maxNameChars: number;
    readonly maxAttributes: number;
    /** Read before the operation element, i.e. before authentication: the SOAP header. */
    readonly preAuthChars: number;
    /** Text of one string element (base64 content is bounded by contentBytes instead). */
    readonly maxStringChars: number;
    /** Entries of the small lists: presence capabilities and attributes, contact alternatives. */
    readonly itemsPerList: number;
    /** A request whose headers and body have not arrived by then is cut off (408). */
    readonly requestTimeoutMs: number;
  };
  readonly leaseSeconds: number;
  /** On SIGTERM, connections still busy this long after the listener closed are cut (README "Operating it"). */
  readonly shutdownGraceMs: number;
  /** Presence (README "Presence and contact lists"): activity-derived online state, request sizes. */
  readonly presence: {
    readonly idleSeconds: number;
    readonly presentitiesPerRequest: number;
    readonly contactsPerList: number;
  };
  readonly validity: { readonly defaultSeconds: number; readonly maxSeconds: number };
  /** How long a finished message's delivery status stays queryable. */
  readonly statusRetentionSeconds: number;
  readonly sweepIntervalMs: number;
  readonly logLevel: string;
  /** The forwarder to peer domains (docs/federation.md). */
  readonly federation: {
    readonly batchSize: number;
    readonly retryBaseMs: number;
    readonly retryMaxMs: number;
    readonly tickMs: number;
    readonly requestTimeoutMs: number;
    /** A DeliverSocialEvents batch stops before this many bytes of events (a group message's content counts). */
    readonly socialBatchBytes: number;
  };
  readonly directory: { readonly entriesPerRequest: number; readonly pageSize: number };
  /** Groups and chat rooms (docs/groups.md): limits with their POL codes, typing, temporary groups, retention. */
  readonly groups: {
    readonly membersPerGroup: number;
    readonly groupsPerUser: number;
    readonly createdPerUser: number;
    readonly screenNameChars: number;
    readonly messageIntervalMs: number;
    readonly typingSeconds: number;
    /** Members in peer domains (docs/groups.md "Members in a peer domain"); off: group events from peers are refused (SVC8001). */
    readonly acrossDomains: boolean;
    readonly historySeconds: number;
    readonly idleSeconds: number;
    readonly expiringNoticeSeconds: number;
    readonly maxDurationSeconds: number;
    readonly tombstoneSeconds: number;
    readonly historyPage: number;
  };
  /** Create the demo domain and its two accounts on start (npm start). */
  readonly demo: boolean;
  /** Accounts and identity (docs/accounts.md): registration, deletion, suspension, profiles, aliases, search. */
  readonly accounts: {
    readonly registration: 'closed' | 'token' | 'open';
    readonly registrationsPerMinute: number;
    readonly registrationBurst: number;
    readonly globalRegistrationsPerMinute: number;
    readonly globalRegistrationBurst: number;
    readonly holdDeletedSeconds: number;
    readonly suspendedMessages: 'store' | 'refuse';
    readonly profileVisibility: 'public' | 'contacts' | 'private';
    readonly aliasesPerAccount: number;
    readonly searchPageSize: number;
    readonly minorAge: number;
    /** Combinations of SearchUsers criteria refused (POL6007), e.g. "gender+maxAge,city+text". */
    readonly forbiddenSearches: string | undefined;
    /** Minors' protection in public rooms (docs/groups.md): class `minor` kept out (POL5012), or let in. */
    readonly minorsInPublicRooms: 'refuse' | 'allow';
    /** Anonymous guest accounts (GS-3): Register with guest=true. */
    readonly guests: boolean;
    /** A guest that has not polled its inbox for this long is removed. */
    readonly guestIdleSeconds: number;
  };
  /** Policy (docs/operations.md): limits, filters and switches are data; this bounds what users may add. */
  readonly policy: {
    readonly filtersPerUser: number;
  };
}

type Kind = 'string' | 'int' | 'bool' | 'list';
interface Setting {
  readonly path: string;
  readonly kind: Kind;
  readonly default: unknown;
  readonly min?: number;
  readonly max?: number;
  readonly oneOf?: readonly string[];
  readonly help: string;
  /** Flag name when the last path part is not clear enough on its own. */
  readonly flag?: string;
}

/** Every setting, its flag (--kebab-case of the last path part unless given) and env var. */
export const settings: readonly Setting[] = [
  { path: 'host', kind: 'string', default: '127.0.0.1', help: 'interface to listen on' },
  { path: 'port', kind: 'int', default: 8080, min: 0, max: 65535, help: 'TCP port (0 picks a free one)' },
  { path: 'publicUrl', kind: 'string', default: undefined, help: 'base URL written into the WSDL' },
  { path: 'domains', flag: 'domain', kind: 'list', default: ['example.com'], help: 'hosted IM domains, comma-separated' },
  {
    path: 'db.client',
    flag: 'db-client',
    kind: 'string',
    default: 'better-sqlite3',
    oneOf: ['better-sqlite3', 'sqlite3', 'pg'],
    help: 'database driver',
  },
  { path: 'db.filename', flag: 'db', kind: 'string', default: './imwsi.sqlite', help: 'SQLite file' },
  { path: 'db.url', flag: 'db-url', kind: 'string', default: undefined, help: 'PostgreSQL connection URL (db.client=pg)' },
  { path: 'tls.certFile', flag: 'tls-cert', kind: 'string', default: undefined, help: 'PEM certificate: serve HTTPS' },
  { path: 'tls.keyFile', flag: 'tls-key', kind: 'string', default: undefined, help: 'PEM private key: serve HTTPS' },
  { path: 'secretKeyFile', kind: 'string', default: undefined, help: 'file holding the 32-byte secret key (hex)' },
  { path: 'security.allowPasswordText', kind: 'bool', default: false, help: 'accept PasswordText without TLS' },
  { path: 'security.createdWindowSeconds', kind: 'int', default: 300, min: 1, help: 'accepted clock skew of Created' },
  { path: 'security.maxTimestampLifetimeSeconds', kind: 'int', default: 900, min: 1, help: 'longest signed Timestamp lifetime' },
  { path: 'limits.recipientsPerMessage', kind: 'int', default: 1000, min: 1, help: 'recipients per message' },
  { path: 'limits.messagesPerRequest', kind: 'int', default: 1000, min: 1, help: 'messages per SendMessages' },
  { path: 'limits.contentBytes', kind: 'int', default: 1048576, min: 1, help: 'bytes of content per message' },
  { path: 'limits.requestBytes', kind: 'int', default: 16777216, min: 1024, help: 'bytes per HTTP request' },
  { path: 'limits.maxMessagesPerGet', kind: 'int', default: 1000, min: 1, help: 'messages per GetMessages' },
  { path: 'limits.maxWaitSeconds', kind: 'int', default: 60, min: 0, help: 'longest GetMessages long poll' },
  { path: 'limits.maxXmlDepth', kind: 'int', default: 32, min: 8, help: 'deepest accepted XML nesting' },
  { path: 'limits.maxNameChars', kind: 'int', default: 256, min: 32, help: 'longest element or attribute name' },
  { path: 'limits.maxAttributes', kind: 'int', default: 32, min: 4, help: 'most attributes on one element' },
  { path: 'limits.preAuthChars', kind: 'int', default: 65536, min: 4096, help: 'characters read before authentication (the SOAP header)' },
  { path: 'limits.maxStringChars', kind: 'int', default: 65536, min: 256, help: 'longest text of one string element' },
  { path: 'limits.itemsPerList', kind: 'int', default: 100, min: 1, help: 'capabilities, attributes or alternatives per element' },
  { path: 'limits.requestTimeoutMs', kind: 'int', default: 30000, min: 100, help: 'time to receive a whole request' },
  { path: 'leaseSeconds', kind: 'int', default: 60, min: 1, help: 'lease of returned, unacknowledged messages' },
  {
    path: 'shutdownGraceMs',
    kind: 'int',
    default: 10000,
    min: 0,
    help: 'on SIGTERM, how long busy connections may finish before they are cut',
  },
  {
    path: 'presence.idleSeconds',
    flag: 'presence-idle-seconds',
    kind: 'int',
    default: 300,
    min: 1,
    help: 'a user who has not polled for this long is offline',
  },
  {
    path: 'presence.presentitiesPerRequest',
    flag: 'presentities-per-request',
    kind: 'int',
    default: 1000,
    min: 1,
    help: 'presentities per GetPresence/SubscribePresence',
  },
  { path: 'presence.contactsPerList', flag: 'contacts-per-list', kind: 'int', default: 2000, min: 1, help: 'entries per contact list' },
  { path: 'validity.defaultSeconds', flag: 'default-validity', kind: 'int', default: 7 * 86400, min: 1, help: 'default message validity' },
  { path: 'validity.maxSeconds', flag: 'max-validity', kind: 'int', default: 30 * 86400, min: 1, help: 'longest message validity' },
  { path: 'statusRetentionSeconds', kind: 'int', default: 7 * 86400, min: 0, help: 'delivery status kept after expiry' },
  { path: 'sweepIntervalMs', kind: 'int', default: 1000, min: 10, help: 'expiry sweeper period' },
  {
    path: 'logLevel',
    kind: 'string',
    default: 'info',
    oneOf: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    help: 'pino log level',
  },
  { path: 'federation.batchSize', flag: 'forward-batch', kind: 'int', default: 100, min: 1, help: 'recipients per SendMessages to a peer' },
  {
    path: 'federation.retryBaseMs',
    flag: 'forward-retry-base-ms',
    kind: 'int',
    default: 500,
    min: 1,
    help: 'first retry delay to a failing peer',
  },
  {
    path: 'federation.retryMaxMs',
    flag: 'forward-retry-max-ms',
    kind: 'int',
    default: 60000,
    min: 1,
    help: 'longest retry delay to a failing peer',
  },
  {
    path: 'federation.socialBatchBytes',
    flag: 'social-batch-bytes',
    kind: 'int',
    default: 4194304,
    min: 1024,
    help: 'bytes of social events per DeliverSocialEvents to a peer (a group message counts its content)',
  },
  {
    path: 'federation.tickMs',
    flag: 'forward-tick-ms',
    kind: 'int',
    default: 1000,
    min: 10,
    help: 'forwarder check period (queue, expiry, peer reports)',
  },
  {
    path: 'federation.requestTimeoutMs',
    flag: 'forward-timeout-ms',
    kind: 'int',
    default: 30000,
    min: 100,
    help: 'timeout of one call to a peer',
  },
  {
    path: 'directory.entriesPerRequest',
    flag: 'directory-batch',
    kind: 'int',
    default: 10000,
    min: 1,
    help: 'directory entries per Set/RemoveDirectoryEntries',
  },
  {
    path: 'directory.pageSize',
    flag: 'directory-page',
    kind: 'int',
    default: 1000,
    min: 1,
    help: 'directory entries per GetDirectoryEntries page',
  },
  { path: 'demo', kind: 'bool', default: false, help: 'provision the demo domain and accounts' },
  // Groups and chat rooms (docs/groups.md).
  { path: 'groups.membersPerGroup', flag: 'group-members', kind: 'int', default: 1000, min: 2, help: 'members per group (POL5001)' },
  {
    path: 'groups.groupsPerUser',
    flag: 'groups-per-user',
    kind: 'int',
    default: 100,
    min: 1,
    help: 'groups one user belongs to (POL5002)',
  },
  {
    path: 'groups.createdPerUser',
    flag: 'groups-created-per-user',
    kind: 'int',
    default: 20,
    min: 0,
    help: 'open groups one user created (POL5003)',
  },
  { path: 'groups.screenNameChars', flag: 'screen-name-chars', kind: 'int', default: 32, min: 3, help: 'longest screen name (POL5004)' },
  {
    path: 'groups.messageIntervalMs',
    flag: 'group-message-interval-ms',
    kind: 'int',
    default: 0,
    min: 0,
    help: 'least time between two messages of one member to one group (POL5005; 0: no limit)',
  },
  {
    path: 'groups.acrossDomains',
    flag: 'groups-across-domains',
    kind: 'bool',
    default: true,
    help: 'members in peer domains; off: group events from peers are refused with SVC8001',
  },
  { path: 'groups.typingSeconds', flag: 'typing-seconds', kind: 'int', default: 30, min: 1, help: 'life of an is-typing notice' },
  {
    path: 'groups.historySeconds',
    flag: 'group-history-seconds',
    kind: 'int',
    default: 30 * 86400,
    min: 0,
    help: 'group history retention (groups may lower it)',
  },
  {
    path: 'groups.idleSeconds',
    flag: 'group-idle-seconds',
    kind: 'int',
    default: 1800,
    min: 1,
    help: 'a temporary group past its duration closes after this long idle',
  },
  {
    path: 'groups.expiringNoticeSeconds',
    flag: 'group-expiring-notice-seconds',
    kind: 'int',
    default: 600,
    min: 1,
    help: 'members hear a temporary group ends this long before',
  },
  {
    path: 'groups.maxDurationSeconds',
    flag: 'group-max-duration',
    kind: 'int',
    default: 30 * 86400,
    min: 60,
    help: 'longest temporary group duration',
  },
  {
    path: 'groups.tombstoneSeconds',
    flag: 'group-tombstone-seconds',
    kind: 'int',
    default: 30 * 86400,
    min: 0,
    help: 'a closed group id stays reserved',
  },
  { path: 'groups.historyPage', flag: 'group-history-page', kind: 'int', default: 100, min: 1, help: 'entries per GetGroupHistory page' },
  // Accounts and identity (docs/accounts.md): registration, deletion, suspension, profiles, aliases, search.
  {
    path: 'accounts.registration',
    kind: 'string',
    default: 'closed',
    oneOf: ['closed', 'token', 'open'],
    help: 'who may Register: the operator only, holders of a registration token, anyone',
  },
  { path: 'accounts.registrationsPerMinute', kind: 'int', default: 10, min: 1, help: 'Register calls per client address and minute' },
  { path: 'accounts.registrationBurst', kind: 'int', default: 3, min: 1, help: 'Register calls a client address may make at once' },
  { path: 'accounts.globalRegistrationsPerMinute', kind: 'int', default: 120, min: 1, help: 'Register calls per minute in all' },
  { path: 'accounts.globalRegistrationBurst', kind: 'int', default: 30, min: 1, help: 'Register calls at once in all' },
  {
    path: 'accounts.holdDeletedSeconds',
    flag: 'hold-deleted-seconds',
    kind: 'int',
    default: 30 * 86400,
    min: 0,
    help: "how long a deleted account's address (and a retired alias) stays untakeable",
  },
  {
    path: 'accounts.suspendedMessages',
    kind: 'string',
    default: 'store',
    oneOf: ['store', 'refuse'],
    help: 'messages to a suspended account: stored, or refused (POL6006)',
  },
  {
    path: 'accounts.profileVisibility',
    kind: 'string',
    default: 'contacts',
    oneOf: ['public', 'contacts', 'private'],
    help: 'visibility of a profile field the user has not set one for',
  },
  { path: 'accounts.aliasesPerAccount', kind: 'int', default: 10, min: 0, help: 'aliases one account may hold (POL6008)' },
  { path: 'accounts.searchPageSize', kind: 'int', default: 50, min: 1, help: 'most SearchUsers results per page' },
  {
    path: 'accounts.minorAge',
    kind: 'int',
    default: 18,
    min: 0,
    help: 'below this age (from the birth year) an account is in class minor',
  },
  {
    path: 'accounts.forbiddenSearches',
    kind: 'string',
    default: undefined,
    help: 'SearchUsers criteria combinations refused, e.g. gender+maxAge,city+text (POL6007)',
  },
  {
    path: 'accounts.minorsInPublicRooms',
    kind: 'string',
    default: 'refuse',
    oneOf: ['refuse', 'allow'],
    help: 'accounts in policy class minor in public chat rooms: kept out (POL5012), or let in',
  },
  // Anonymous guest accounts (GS-3; docs/accounts.md "Anonymous guest accounts").
  { path: 'accounts.guests', flag: 'guest-accounts', kind: 'bool', default: false, help: 'let Register make anonymous guest accounts' },
  {
    path: 'accounts.guestIdleSeconds',
    flag: 'guest-idle-seconds',
    kind: 'int',
    default: 86400,
    min: 1,
    help: 'a guest account that has not polled its inbox for this long is removed',
  },
  // Policy (docs/operations.md).
  { path: 'policy.filtersPerUser', kind: 'int', default: 50, min: 0, help: 'inbox filters one user may set (POL7009)' },
];

const lastPart = (path: string): string => path.split('.').pop() ?? path;
export const flagName = (s: Setting): string => s.flag ?? lastPart(s.path).replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
export const envName = (s: Setting): string =>
  'IMWSI_' +
  s.path
    .replace(/\./g, '_')
    .replace(/[A-Z]/g, (c) => '_' + c)
    .toUpperCase();

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super('Invalid configuration:\n' + problems.map((p) => '  - ' + p).join('\n'));
    this.name = 'ConfigError';
  }
}

/** Parses `--name value`, `--name=value` and bare `--flag` (true). Unknown flags are reported as problems. */
function parseFlags(argv: readonly string[], problems: string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      problems.push(`unexpected argument "${arg}"`);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) flags.set(arg.slice(2, eq), arg.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) flags.set(arg.slice(2), argv[++i]!);
    else flags.set(arg.slice(2), 'true');
  }
  return flags;
}

function readFile(path: string, problems: string[]): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    problems.push(`config file ${path}: expected a JSON object`);
  } catch (error) {
    problems.push(`config file ${path}: ${(error as Error).message}`);
  }
  return {};
}

/**
 * The keys of the config file that name no setting, as paths (`limits.maxWaitSecs`): a typo in a production
 * config must not pass unnoticed with the default in force.
 */
function unknownKeys(node: Record<string, unknown>, prefix: string): string[] {
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    const path = prefix + key;
    if (settings.some((s) => s.path === path)) continue;
    const isSection = settings.some((s) => s.path.startsWith(path + '.'));
    if (isSection && value && typeof value === 'object' && !Array.isArray(value))
      unknown.push(...unknownKeys(value as Record<string, unknown>, path + '.'));
    else unknown.push(path);
  }
  return unknown;
}

function lookup(obj: Record<string, unknown>, path: string): unknown {
  let node: unknown = obj;
  for (const part of path.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function coerce(s: Setting, raw: unknown, source: string, problems: string[]): unknown {
  const where = `${s.path} (${source})`;
  switch (s.kind) {
    case 'string':
      if (typeof raw !== 'string' || raw === '') return void problems.push(`${where}: expected a non-empty string`);
      if (s.oneOf && !s.oneOf.includes(raw)) return void problems.push(`${where}: "${raw}" is not one of ${s.oneOf.join(', ')}`);
      return raw;
    case 'int': {
      const n = typeof raw === 'number' ? raw : Number(raw);
      const range = s.max === undefined ? `>= ${s.min ?? 0}` : `from ${s.min ?? 0} to ${s.max}`;
      if (!Number.isInteger(n) || (s.min !== undefined && n < s.min) || (s.max !== undefined && n > s.max))
        return void problems.push(`${where}: expected an integer ${range}, got "${String(raw)}"`);
      return n;
    }
    case 'bool':
      if (raw === true || raw === 'true' || raw === '1') return true;
      if (raw === false || raw === 'false' || raw === '0') return false;
      return void problems.push(`${where}: expected true or false, got "${String(raw)}"`);
    case 'list': {
      const list = Array.isArray(raw) ? raw.map(String) : String(raw).split(',');
      const cleaned = list.map((d) => d.trim().toLowerCase()).filter(Boolean);
      if (cleaned.length === 0) return void problems.push(`${where}: expected at least one value`);
      return cleaned;
    }
  }
}

function assign(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
  node[parts[parts.length - 1]!] = value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv, argv: readonly string[]): Config {
  const problems: string[] = [];
  return configFromFlags(env, parseFlags(argv, problems), problems);
}

/**
 * Config from flags already parsed (the CLI's argument parser): flag name without `--` -> value, `config` for
 * the JSON file. `problems` found earlier are reported together with the settings' own.
 */
export function configFromFlags(env: NodeJS.ProcessEnv, parsed: ReadonlyMap<string, string>, problems: string[] = []): Config {
  const flags = new Map(parsed);
  const configPath = flags.get('config') ?? env.IMWSI_CONFIG;
  flags.delete('config');
  const file = configPath ? readFile(configPath, problems) : {};
  const unknown = unknownKeys(file, '');
  if (unknown.length > 0)
    problems.push(`config file ${configPath ?? ''}: unknown ${unknown.length === 1 ? 'key' : 'keys'} ${unknown.join(', ')}`);
  const known = new Set(settings.map(flagName));
  for (const name of flags.keys()) if (!known.has(name)) problems.push(`unknown flag --${name}`);

  const result: Record<string, unknown> = {};
  for (const s of settings) {
    const fromFlag = flags.get(flagName(s));
    const fromEnv = env[envName(s)];
    const fromFile = lookup(file, s.path);
    let value: unknown = s.default;
    if (fromFlag !== undefined) value = coerce(s, fromFlag, `--${flagName(s)}`, problems);
    else if (fromEnv !== undefined) value = coerce(s, fromEnv, envName(s), problems);
    else if (fromFile !== undefined) value = coerce(s, fromFile, 'config file', problems);
    assign(result, s.path, value);
  }
  const secretKey = env.IMWSI_SECRET_KEY;
  if (secretKey !== undefined && !/^[0-9a-fA-F]{64}$/.test(secretKey.trim()))
    problems.push('IMWSI_SECRET_KEY: expected 64 hex characters (a 32-byte key; `openssl rand -hex 32` makes one)');
  if (secretKey !== undefined && result.secretKeyFile !== undefined)
    problems.push('secretKeyFile and IMWSI_SECRET_KEY: give the key once, as a file or in the environment');
  result.secretKey = secretKey?.trim();
  const config = result as unknown as Config;
  for (const domain of config.domains ?? []) {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(domain))
      problems.push(`domains: "${domain}" is not a valid domain name`);
  }
  if (config.db?.client === 'pg' && !config.db.url) problems.push('db.url: required when db.client is pg');
  if (Boolean(config.tls?.certFile) !== Boolean(config.tls?.keyFile))
    problems.push('tls: set both tls.certFile and tls.keyFile, or neither');
  if (config.federation && config.federation.retryBaseMs > config.federation.retryMaxMs)
    problems.push('federation.retryBaseMs must not exceed federation.retryMaxMs');
  if (config.validity && config.validity.defaultSeconds > config.validity.maxSeconds)
    problems.push('validity.defaultSeconds must not exceed validity.maxSeconds');
  // A long poll marks activity when it starts and when it ends; a shorter idle time would flap.
  if (config.presence && config.limits && config.presence.idleSeconds <= config.limits.maxWaitSeconds)
    problems.push('presence.idleSeconds must exceed limits.maxWaitSeconds (a long-polling user stays online)');
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

/** Config for tests and tools: defaults, then overrides. */
export function configWith(overrides: Record<string, string | number | boolean>): Config {
  const argv = Object.entries(overrides).flatMap(([flag, value]) => [`--${flag}=${String(value)}`]);
  return loadConfig({}, argv);
}
