// The gaming example (examples/gaming, `npm run example:gaming`) plays Appendix B across two provider
// processes and exits 0 only when every step checked out; twice, like every example (it brings its own
// providers each run, in a fresh temporary directory).
import test from 'ava';
import { eachRun, runExample } from '../helpers/examples.js';

test('the gaming example plays 7.5, 7.6.1, a B2 outage and presence across providers; every step checks out; and runs again', async (t) => {
  await eachRun(async (run) => {
    const { code, stdout, stderr } = await runExample('examples/gaming/run.ts', [], 240_000);
    const output = stdout + stderr;
    t.is(code, 0, `run ${run}: ${output}`);
    t.regex(output, /All steps checked out/);
    t.notRegex(output, /FAIL/);
    t.regex(output, /ok {3}U2 at B2 sees U1's presence published at B1/);
  });
});
