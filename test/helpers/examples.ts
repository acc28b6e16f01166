// Running the examples of examples/ as a reader would, from the repository root, and twice: every example
// must pass again against the same server (its own accounts or a fresh clientMessageId, its own messages
// only, acknowledging what it reads), so each example's test runs its body once per run.
import { fileURLToPath } from 'node:url';
import { type ProgramRun, runProgram } from './foreign-stack.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Runs one example: a .ts file through tsx, anything else (a shell script) as a program. */
export function runExample(example: string, args: readonly string[], timeoutMs = 120_000): Promise<ProgramRun> {
  const [command, all] = example.endsWith('.ts') ? [process.execPath, ['--import', 'tsx', example, ...args]] : [example, [...args]];
  return runProgram(command, all, { cwd: repoRoot, timeoutMs });
}

/** The runs of every example's test: the second proves the first left nothing in its way. */
export async function eachRun(body: (run: number) => Promise<void>): Promise<void> {
  for (const run of [1, 2]) await body(run);
}
