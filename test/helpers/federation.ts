// Several imwsi domains on loopback: in-process gateways or separate `imwsi serve` processes, linked as
// peers through the Administration service (real SOAP, admin accounts), so tests exercise the real path.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeSoapClient } from './clients.js';
import { password, startTestGateway, type TestAccount, type TestGateway } from './gateway.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const imwsiBin = join(root, 'bin/imwsi.js');

/** Fast forwarding for tests: short ticks and retry delays. */
export const fastForwarding = { 'forward-tick-ms': 50, 'forward-retry-base-ms': 50, 'forward-retry-max-ms': 400 } as const;

/** A domain served in-process: accounts are local parts in `domain` (passwords: password()). */
export async function startDomain(
  domain: string,
  accounts: readonly (string | TestAccount)[] = [],
  settings: Record<string, string | number | boolean> = {},
): Promise<TestGateway> {
  return startTestGateway({
    accounts: [{ address: `admin@${domain}`, password: password(`admin@${domain}`), role: 'admin' }, ...accounts.map((a) => (typeof a === 'string' ? `${a}@${domain}` : a))],
    settings: { domain, ...fastForwarding, ...settings },
  });
}

export interface DomainEndpoint {
  readonly domain: string;
  readonly url: string;
}

/** Calls Administration.AddPeer at `at` as its admin. */
export async function addPeer(at: DomainEndpoint, peer: { domain: string; endpoint?: string; username?: string; password?: string; inboundAccount?: string }) {
  const admin = await nodeSoapClient(`${at.url}/wsi/Administration?wsdl`, `admin@${at.domain}`);
  return admin.call('AddPeer', peer);
}

/**
 * Lets `from` forward to `to`: an account peer-<from>@<to> at `to`, bound there to from's domain, and a
 * route at `from` to to's InstantMessaging endpoint with that account's credentials.
 */
export async function link(from: DomainEndpoint & { accounts: TestGateway['accounts'] }, to: DomainEndpoint & { accounts: TestGateway['accounts'] }) {
  const peerAccount = `peer-${from.domain.split('.')[0]}@${to.domain}`;
  if (!(await to.accounts.list()).some((a) => a.address === peerAccount)) await to.accounts.add({ address: peerAccount, password: password(peerAccount) });
  await addPeer(to, { domain: from.domain, inboundAccount: peerAccount });
  await addPeer(from, { domain: to.domain, endpoint: `${to.url}/wsi/InstantMessaging`, username: peerAccount, password: password(peerAccount) });
}

/** Runs `imwsi <args>` to completion (the CLI against a database file). */
export function imwsi(args: readonly string[], input?: string): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [imwsiBin, ...args], { encoding: 'utf8', input, cwd: root });
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

export interface ServeProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** SIGKILL: the process gets no chance to finish anything. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `imwsi serve` as its own process; resolves when it prints the URL it listens on. */
export async function spawnServe(args: readonly string[]): Promise<ServeProcess> {
  const child = spawn(process.execPath, [imwsiBin, 'serve', '--log-level', 'warn', ...fastForwardingArgs(), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /imwsi listening on (\S+)/.exec(output);
      if (match) {
        child.stdout!.off('data', onData);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`imwsi serve exited with ${code}: ${output}`)));
  });
  const ended = once(child, 'exit');
  return {
    url,
    child,
    async kill() {
      child.kill('SIGKILL');
      await ended;
    },
    async stop() {
      child.kill('SIGTERM');
      await ended;
    },
  };
}

function fastForwardingArgs(): string[] {
  return Object.entries(fastForwarding).flatMap(([k, v]) => [`--${k}`, String(v)]);
}
