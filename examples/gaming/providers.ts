// Starting imwsi providers as their own processes (`imwsi serve`) and provisioning them with the CLI:
// shared by the gaming example and bench/federation.ts.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'bin/imwsi.js');
const running = new Set<ChildProcess>();

/** Runs `imwsi <args>` to completion; its standard error (progress bars) is passed through. */
export function imwsiCli(args: readonly string[], quiet = false): void {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`imwsi ${args.join(' ')}: ${result.stderr}`);
  if (!quiet) process.stderr.write(result.stderr);
}

export interface Provider {
  readonly domain: string;
  readonly args: readonly string[];
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
}

/** Starts `imwsi serve` and resolves with the URL it printed. */
export async function serveProvider(domain: string, args: readonly string[], port = 0): Promise<Provider> {
  const child = spawn(process.execPath, [bin, 'serve', ...args, '--port', String(port), '--log-level', 'error'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /imwsi listening on (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${domain} exited with ${code}`)));
  });
  return { domain, args, url, port: Number(new URL(url).port), child };
}

/** SIGTERM, and waits until the process is gone. */
export async function stopProvider(provider: Provider): Promise<void> {
  if (provider.child.exitCode !== null || provider.child.signalCode !== null) return;
  const ended = once(provider.child, 'exit');
  provider.child.kill('SIGTERM');
  await ended;
}

/** Kills whatever is still running (on the way out after a failure). */
export function killProviders(): void {
  for (const child of running) child.kill('SIGKILL');
}
