// A password from --password or, when absent, the first line of standard input (so it stays out of the
// shell history and the process list).
import { createInterface } from 'node:readline';
import { UsageError } from './command.js';

export async function passwordFrom(given: string | undefined, line: string): Promise<string> {
  if (given !== undefined) return given;
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const lines = createInterface({ input: process.stdin });
  for await (const entered of lines) {
    lines.close();
    return entered;
  }
  throw new UsageError('no password: give --password P or one line on standard input', line);
}
