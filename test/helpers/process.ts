// The real `imwsi` command as a child process: for CLI tests and for kill/restart tests.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const imwsiBin = fileURLToPath(new URL('../../bin/imwsi.js', import.meta.url));

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function imwsi(args: readonly string[], input?: string): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [imwsiBin, ...args], { env: { ...process.env, IMWSI_LOG_LEVEL: 'silent' } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code or signal once the process is gone. */
  readonly exited: Promise<number | string>;
}

/** Starts `imwsi serve` and resolves once it prints the URL it listens on. */
export function serve(args: readonly string[]): Promise<ServerProcess> {
  const child = spawn(process.execPath, [imwsiBin, 'serve', '--port', '0', '--log-level', 'silent', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code ?? 0)));
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (\S+)/.exec(output)?.[1];
      if (url) resolve({ url, child, exited });
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    exited.then((code) => reject(new Error(`imwsi serve exited (${code}) before listening:\n${output}`)));
  });
}
