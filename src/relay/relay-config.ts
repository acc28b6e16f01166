// The relay's one configuration file (JSON): providers with credentials, where the directory comes from,
// batching, retry and metrics. Every problem is reported at once, like loadConfig.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../platform/config.js';
import type { BackoffPolicy } from '../modules/federation/index.js';

export interface RelayProvider {
  /** A short name for logs and metrics. */
  readonly name: string;
  /** The provider's InstantMessaging endpoint URL. */
  readonly endpoint: string;
  /** The consumer's account at this provider. */
  readonly username: string;
  readonly password: string;
  /** IM domains this provider hosts: messages to them are sent through it. */
  readonly domains: readonly string[];
}

export type RelayDirectorySource =
  | { readonly file: string }
  | { readonly provider: string }
  | { readonly entries: Readonly<Record<string, string>> };

export interface RelayConfig {
  readonly providers: readonly RelayProvider[];
  readonly directory: RelayDirectorySource;
  /** Messages per GetMessages, and so at most per SendMessages. */
  readonly batchSize: number;
  readonly waitSeconds: number;
  readonly retry: BackoffPolicy;
  readonly directoryRefreshSeconds: number;
  /** Port of the /metrics and /healthz endpoint; 0 picks a free one; absent: none. */
  readonly metricsPort: number | undefined;
  readonly metricsHost: string;
  readonly logLevel: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

function intOr(value: unknown, fallback: number, min: number, name: string, problems: string[]): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    problems.push(`${name}: expected an integer >= ${min}`);
    return fallback;
  }
  return value;
}

export function parseRelayConfig(json: unknown, baseDir: string): RelayConfig {
  const problems: string[] = [];
  const root: Json = isObject(json) ? json : (problems.push('expected a JSON object'), {});
  const providers: RelayProvider[] = [];
  const rawProviders = Array.isArray(root.providers) ? root.providers : (problems.push('providers: expected a non-empty list'), []);
  rawProviders.forEach((p: unknown, i) => {
    const where = `providers[${i}]`;
    if (!isObject(p)) return void problems.push(`${where}: expected an object`);
    const str = (key: string) =>
      typeof p[key] === 'string' && p[key] !== '' ? p[key] : void problems.push(`${where}.${key}: required string`);
    const name = str('name');
    const endpoint = str('endpoint');
    const username = str('username');
    const password = str('password');
    const domains = Array.isArray(p.domains) && p.domains.every((d) => typeof d === 'string') ? p.domains.map((d) => d.toLowerCase()) : [];
    if (domains.length === 0) problems.push(`${where}.domains: expected a list of the domains it hosts`);
    if (endpoint && !/^https?:\/\//.test(endpoint)) problems.push(`${where}.endpoint: expected an http(s) URL`);
    if (name && endpoint && username && password) providers.push({ name, endpoint, username, password, domains });
  });
  if (rawProviders.length === 0) problems.push('providers: at least one provider is required');
  const names = providers.map((p) => p.name);
  if (new Set(names).size !== names.length) problems.push('providers: names must be unique');

  let directory: RelayDirectorySource = { entries: {} };
  const d = root.directory;
  if (isObject(d) && typeof d.file === 'string') directory = { file: resolve(baseDir, d.file) };
  else if (isObject(d) && typeof d.provider === 'string') {
    directory = { provider: d.provider };
    if (!names.includes(d.provider)) problems.push(`directory.provider: no provider named "${d.provider}"`);
  } else if (isObject(d) && isObject(d.entries)) directory = { entries: d.entries as Record<string, string> };
  else problems.push('directory: expected {"file": "x.csv"}, {"provider": "name"} or {"entries": {...}}');

  const retry = isObject(root.retry) ? root.retry : {};
  const config: RelayConfig = {
    providers,
    directory,
    batchSize: intOr(root.batchSize, 100, 1, 'batchSize', problems),
    waitSeconds: intOr(root.waitSeconds, 10, 0, 'waitSeconds', problems),
    retry: { baseMs: intOr(retry.baseMs, 500, 1, 'retry.baseMs', problems), maxMs: intOr(retry.maxMs, 30_000, 1, 'retry.maxMs', problems) },
    directoryRefreshSeconds: intOr(root.directoryRefreshSeconds, 60, 1, 'directoryRefreshSeconds', problems),
    metricsPort: root.metricsPort === undefined ? undefined : intOr(root.metricsPort, 0, 0, 'metricsPort', problems),
    metricsHost: typeof root.metricsHost === 'string' ? root.metricsHost : '127.0.0.1',
    logLevel: typeof root.logLevel === 'string' ? root.logLevel : 'info',
  };
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `relay config: ${p}`));
  return config;
}

export function loadRelayConfig(path: string): RelayConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError([`relay config ${path}: ${(error as Error).message}`]);
  }
  return parseRelayConfig(json, dirname(resolve(path)));
}
