// The servers under test run as child processes, so the load generator (this process) does not share
// their event loop and their memory is their own: RSS is read from /proc/<pid>/status.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { soapPoster } from './http-client.js';
import type { Target } from './scenarios.js';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const imwsiBin = fileURLToPath(new URL('../bin/imwsi.js', import.meta.url));

/** The imwsi command of a checkout: this one by default, or another (`--gateway-root`, a before/after run). */
const binOf = (root: string | undefined) => (root ? join(root, 'bin', 'imwsi.js') : imwsiBin);

export interface Memory {
  /** Resident set size now, kB. */
  readonly rssKb: number;
  /** Peak resident set size so far (VmHWM), kB. */
  readonly peakKb: number;
}

export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssKb: field('VmRSS'), peakKb: field('VmHWM') };
}

/** CPU seconds (user + system) the process has used so far, from /proc/<pid>/stat. */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond;
}

// USER_HZ: 100 on every Linux configuration node supports.
const clockTicksPerSecond = 100;

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  memory(): Memory;
  cpuSeconds(): number;
  /** SIGTERM, wait for exit; returns the peak RSS read just before. */
  stop(): Promise<Memory>;
}

// Servers still running when the bench exits (an error, Ctrl-C) are stopped with it, not left behind.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

export interface ListeningChild {
  readonly child: ChildProcess;
  readonly url: string;
  /** Resolves with the exit code when the process ends. */
  readonly exited: Promise<number | null>;
  /** The last 4,000 characters it wrote to stderr, for error messages. */
  stderrTail(): string;
}

/**
 * Spawns `node <args>` and waits for the line on stdout that carries its base URL ("listening on http://...");
 * rejects with its stderr when it exits first. The child is killed if the bench exits.
 */
export async function spawnListening(
  name: string,
  args: readonly string[],
  options: { readonly cwd?: string; readonly env?: NodeJS.ProcessEnv; readonly ipc?: boolean } = {},
): Promise<ListeningChild> {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`${name} exited (${code}) before listening:\n${stderr}`)));
  });
  return { child, url, exited, stderrTail: () => stderr };
}

/** A server child process that prints its URL when listening; `stop` fails if it exits unclean. */
export async function spawnServer(
  name: string,
  args: readonly string[],
  options: { readonly env?: NodeJS.ProcessEnv; readonly cwd?: string } = {},
): Promise<ServerProcess> {
  const { child, url, exited, stderrTail } = await spawnListening(name, args, options);
  const pid = child.pid!;
  return {
    url,
    pid,
    memory: () => memoryOf(pid),
    cpuSeconds: () => cpuSecondsOf(pid),
    async stop() {
      const memory = memoryOf(pid);
      child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0 && code !== null) throw new Error(`${name} exited with ${code}:\n${stderrTail()}`);
      return memory;
    },
  };
}

export interface GatewayFlags {
  readonly db: string;
  readonly extra?: readonly string[];
  /** Node options for the server (e.g. --cpu-prof). */
  readonly nodeOptions?: readonly string[];
  /** Another checkout whose gateway to run (its own bin/imwsi.js, in its own directory). */
  readonly root?: string | undefined;
}

const commonFlags = (db: string) => ['--db', db, '--domain', 'example.com', '--log-level', 'silent'];

export function startGatewayProcess(flags: GatewayFlags): Promise<ServerProcess> {
  return spawnServer(
    'imwsi serve',
    [...(flags.nodeOptions ?? []), binOf(flags.root), 'serve', '--port', '0', ...commonFlags(flags.db), ...(flags.extra ?? [])],
    { cwd: flags.root ?? repoRoot },
  );
}

export function startBaselineProcess(): Promise<ServerProcess> {
  const script = fileURLToPath(new URL('./baseline-server.ts', import.meta.url));
  return spawnServer('baseline server', ['--import', 'tsx', script]);
}

/** The plain HTTP do-nothing server (plain-server.ts): the HTTP floor under every SOAP server. */
export function startPlainProcess(): Promise<ServerProcess> {
  const script = fileURLToPath(new URL('./plain-server.ts', import.meta.url));
  return spawnServer('plain http server', ['--import', 'tsx', script]);
}

/** `imwsi users add`, the CLI path an operator uses. */
export async function addUser(db: string, address: string, password: string, root?: string): Promise<void> {
  await promisify(execFile)(process.execPath, [binOf(root), 'users', 'add', address, '--password', password, ...commonFlags(db)], {
    cwd: root ?? repoRoot,
  });
}

/** A poster and CPU meter for one server process: what a bench phase loads and measures. */
export function targetOf(server: ServerProcess, sockets: number): Target & { close(): void } {
  const poster = soapPoster(server.url, sockets);
  return { poster, cpuSeconds: () => server.cpuSeconds(), close: () => poster.close() };
}
