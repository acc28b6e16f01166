// The real `imwsi` command as a child process: CLI runs, and servers or relays to kill and restart.
import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const imwsiBin = join(root, 'bin/imwsi.js');

export interface CommandResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `imwsi <args>` to completion (the CLI against a database file). */
export function imwsi(args: readonly string[], input?: string): CommandResult {
  const result = spawnSync(process.execPath, [imwsiBin, ...args], { encoding: 'utf8', input, cwd: root });
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

export interface RunOptions {
  /** Standard input. */
  readonly input?: string;
  /** Killed (SIGKILL) when still running after this long: a command that does not end fails its test. */
  readonly killAfterMs?: number;
}

/**
 * Runs `imwsi <args>` without blocking the test worker (many calls in one file, tests that run side by side).
 * `status` is null when the command did not end by itself (killed after `killAfterMs`).
 */
export function runImwsi(args: readonly string[], options: RunOptions = {}): Promise<CommandResult & { ended: boolean }> {
  return new Promise((resolve) => {
    const timeout = options.killAfterMs ?? 0;
    const child = execFile(
      process.execPath,
      [imwsiBin, ...args],
      { encoding: 'utf8', cwd: root, timeout, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const ended = !error?.killed;
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, ended, stdout, stderr });
      },
    );
    child.stdin!.end(options.input ?? '');
  });
}

export interface ImwsiProcess {
  /** What the ready pattern captured: the URL a server listens on. */
  readonly url: string;
  readonly child: ChildProcess;
  /** SIGKILL: the process gets no chance to finish anything. */
  kill(): Promise<void>;
  /** SIGTERM, and wait for the exit. */
  stop(): Promise<void>;
}

/**
 * Starts `imwsi <args>`; resolves once its output matches `ready` (group 1 is the URL, if any).
 * `env` is added to this process's environment (e.g. `{ TZ: 'Asia/Kolkata' }`).
 */
export async function spawnImwsi(args: readonly string[], ready: RegExp, env?: NodeJS.ProcessEnv): Promise<ImwsiProcess> {
  const child = spawn(process.execPath, [imwsiBin, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: env && { ...process.env, ...env },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        child.stdout!.off('data', onData);
        // Keep draining: a child blocked on a full pipe would stall the test.
        child.stdout!.on('data', () => undefined);
        resolve(match[1] ?? '');
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`imwsi ${args[0]} exited with ${code}: ${output}`)));
  });
  const ended = once(child, 'exit');
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    url,
    child,
    async kill() {
      if (running()) child.kill('SIGKILL');
      await ended;
    },
    async stop() {
      if (running()) child.kill('SIGTERM');
      await ended;
    },
  };
}

/** `imwsi serve` on a free port, quiet; `env` as for spawnImwsi. */
export function serve(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<ImwsiProcess> {
  return spawnImwsi(['serve', '--port', '0', '--log-level', 'silent', ...args], /imwsi listening on (\S+)/, env);
}
