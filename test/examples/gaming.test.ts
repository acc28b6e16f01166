// The gaming example (examples/gaming, `npm run example:gaming`) plays Appendix B across two provider
// processes and exits 0 only when every step checked out.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import test from 'ava';

test('the gaming example plays 7.5, 7.6.1 and a B2 outage and every step checks out', async (t) => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/gaming/run.ts'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  t.is(code, 0, output);
  t.regex(output, /All steps checked out/);
  t.notRegex(output, /FAIL/);
});
