// Command-line options of `npm run bench`. Defaults finish in a few minutes; --full runs the big sizes.
import { readFileSync } from 'node:fs';

/** What `--profile` can profile (bench/profile.ts). */
export const profiles = ['single-send'] as const;
export type ProfileName = (typeof profiles)[number];

export interface BenchOptions {
  readonly full: boolean;
  /** Measured seconds per throughput phase (after a warm-up). */
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  readonly longPollRate: number;
  readonly idleConsumers: number;
  /** Messages queued in other inboxes for the flat-latency comparison: small vs large. */
  readonly otherSmall: number;
  readonly otherLarge: number;
  /** Messages pre-filled into the drained inboxes (4 inboxes share them). */
  readonly drainMessages: number;
  /** Write a V8 CPU profile of the gateway into this directory. */
  readonly cpuProfDir: string | undefined;
  /** Profile one phase instead of running the bench (bench/profile.ts). */
  readonly profile: ProfileName | undefined;
  /** `idle`: run the idle long polls alone (a few minutes, on a database of their accounts only); `policy`: the policy checks' cost alone. */
  readonly only: 'idle' | 'policy' | undefined;
  readonly keep: boolean;
  /** With --profile: profile the gateway of another checkout (e.g. a worktree of an older commit) instead of this one. */
  readonly gatewayRoot: string | undefined;
}

/**
 * Idle polls by default: 20,000, or fewer when the open-file limit (shared by the gateway, which holds one
 * socket per poll, and the load generator, which holds the other end) cannot hold them: each process needs
 * a few dozen descriptors of its own besides.
 */
function defaultIdle(): number {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const soft = Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1] ?? Number.POSITIVE_INFINITY);
  return Math.min(20_000, soft - 100);
}

const usage = `npm run bench -- [--full] [--seconds N] [--connections N] [--rate N] [--idle N]
                      [--other-small N] [--other-large N] [--drain N] [--cpu-prof DIR] [--keep]
                      [--profile ${profiles.join('|')} [--gateway-root DIR]] [--only idle|policy]`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"\n${usage}`);
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) flags.set(arg.slice(2), (i++, next));
    else flags.set(arg.slice(2), 'true');
  }
  const known = [
    'full',
    'seconds',
    'connections',
    'rate',
    'idle',
    'other-small',
    'other-large',
    'drain',
    'cpu-prof',
    'profile',
    'only',
    'keep',
    'gateway-root',
    'help',
  ];
  for (const name of flags.keys()) if (!known.includes(name)) throw new Error(`unknown option --${name}\n${usage}`);
  if (flags.has('help')) {
    process.stdout.write(usage + '\n');
    process.exit(0);
  }
  const gatewayRoot = flags.get('gateway-root');
  // The other phases prefill their databases with this checkout's schema, which another checkout's gateway
  // may not know; the profile's database is made by the gateway's own CLI.
  if (gatewayRoot !== undefined && !flags.has('profile')) throw new Error(`--gateway-root works with --profile only\n${usage}`);
  const full = flags.has('full');
  const int = (name: string, fallback: number): number => {
    const raw = flags.get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} expects a positive integer, got "${raw}"`);
    return n;
  };
  return {
    full,
    seconds: int('seconds', full ? 15 : 5),
    warmupSeconds: full ? 3 : 1,
    connections: int('connections', 32),
    longPollRate: int('rate', 1000),
    idleConsumers: int('idle', defaultIdle()),
    otherSmall: int('other-small', 1_000),
    otherLarge: int('other-large', full ? 1_000_000 : 100_000),
    drainMessages: int('drain', full ? 1_000_000 : 200_000),
    cpuProfDir: flags.get('cpu-prof'),
    profile: profileOf(flags.get('profile')),
    only: onlyOf(flags.get('only')),
    keep: flags.has('keep'),
    gatewayRoot,
  };
}

function profileOf(raw: string | undefined): ProfileName | undefined {
  if (raw === undefined) return undefined;
  const found = profiles.find((p) => p === raw);
  if (!found) throw new Error(`--profile expects one of ${profiles.join(', ')}, got "${raw}"`);
  return found;
}

function onlyOf(raw: string | undefined): 'idle' | 'policy' | undefined {
  if (raw === undefined) return undefined;
  if (raw !== 'idle' && raw !== 'policy') throw new Error(`--only expects idle or policy, got "${raw}"`);
  return raw;
}
