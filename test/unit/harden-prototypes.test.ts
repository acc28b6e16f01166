// hardenPrototypes() freezes the built-in prototypes for the whole process, for good: so each check runs
// in a child process (fixtures/frozen-gateway.ts) that hardens, drives real gateways and dependencies,
// and reports every step. PostgreSQL is used where it answers on 127.0.0.1:5432 and skipped otherwise.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import test, { type ExecutionContext } from 'ava';
import knexFactory from 'knex';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('fixtures/frozen-gateway.ts', import.meta.url));
const pgUrl = 'postgres://postgres@127.0.0.1:5432/test';

interface Step {
  readonly ok: boolean;
  readonly skipped?: string;
  readonly detail?: unknown;
  readonly error?: string;
  readonly stack?: string;
}
type Steps = Readonly<Record<string, Step>>;

/** Runs the fixture in `mode` in a fresh node; resolves to its steps (or rejects with its output). */
function child(mode: string): Promise<Steps> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', fixture, mode],
      { cwd: root, timeout: 100_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
        if (!line)
          return reject(
            new Error(`${mode}: no RESULT line (${error?.message ?? 'exited'})\n${stdout.slice(-2000)}\n${stderr.slice(-4000)}`),
          );
        resolve((JSON.parse(line.slice('RESULT '.length)) as { steps: Steps }).steps);
      },
    );
  });
}

async function postgresAnswers(): Promise<boolean> {
  const db = knexFactory({ client: 'pg', connection: pgUrl, pool: { min: 0, max: 1 }, acquireConnectionTimeout: 3000 });
  try {
    await db.raw('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await db.destroy();
  }
}

const hasPostgres = await postgresAnswers();
// Started once, at load: every test below reads the same runs.
const runs = {
  gateway: child('gateway'),
  hardened: child('pollution-hardened'),
  unhardened: child('pollution-unhardened'),
};
// A failed child is reported by the tests that read it, not as an unhandled rejection.
for (const run of Object.values(runs)) run.catch(() => {});

/** Asserts that the steps `select` picks exist and all succeeded; logs the failing ones with their stack. */
async function assertSteps(t: ExecutionContext, run: Promise<Steps>, select: (name: string) => boolean, atLeast = 1): Promise<void> {
  const steps = Object.entries(await run).filter(([name]) => select(name));
  t.true(steps.length >= atLeast, `expected at least ${atLeast} steps, ran: ${steps.map(([name]) => name).join(', ')}`);
  for (const [name, step] of steps) {
    if (!step.ok) t.log(`${name}: ${step.error}\n${step.stack}`);
    t.true(step.ok, name);
  }
}

const starts =
  (...prefixes: string[]) =>
  (name: string) =>
    prefixes.some((prefix) => name.startsWith(prefix));

test('loading every module leaves the built-in prototypes as they were (so /healthz can compare with that)', (t) =>
  assertSteps(t, runs.gateway, (name) => name === 'prototypes unchanged by loading every module'));

test('hardenPrototypes() freezes the prototypes, is idempotent, and prototypesIntact() stays ok through every run', (t) =>
  assertSteps(t, runs.gateway, starts('hardened:'), 2));

test('frozen: the override mistake is avoided (Error subclass names, own toString, any key on plain objects), util.inspect unchanged', (t) =>
  assertSteps(t, runs.gateway, starts('override patterns', 'util.inspect', 'the constructors'), 3));

test('frozen: tsx loads TypeScript modules, pino logs, prom-client scrapes', (t) =>
  assertSteps(t, runs.gateway, starts('tsx:', 'pino:', 'prom-client:'), 4));

test('frozen: better-sqlite3 gateway: SOAP round trip, fault, /healthz, /metrics, signed requests (xml-crypto), hostile ids', (t) =>
  assertSteps(t, runs.gateway, starts('better-sqlite3:', 'xml-crypto:'), 8));

test('frozen: sqlite3 gateway: SOAP round trip and fault', (t) => assertSteps(t, runs.gateway, starts('sqlite3:'), 4));

(hasPostgres ? test : test.skip)(`frozen: PostgreSQL gateway: SOAP round trip and fault (${pgUrl})`, (t) =>
  assertSteps(t, runs.gateway, starts('pg:'), 6),
);

test('frozen: federation: the forwarder delivers to a peer domain over node soap', (t) =>
  assertSteps(t, runs.gateway, starts('federation:')));

test('frozen: dependency error paths (axios, follow-redirects, knex, pg, sqlite, xmldom, node) keep their own errors', (t) =>
  assertSteps(t, runs.gateway, starts('dependency error paths')));

test('frozen: node soap parsing a response with id="__proto__" pollutes nothing and keeps working', (t) =>
  assertSteps(t, runs.gateway, starts('node soap parsing')));

test('every step of the hardened gateway run succeeded', async (t) => {
  const steps = await runs.gateway;
  const failed = Object.entries(steps).filter(([, step]) => !step.ok);
  for (const [name, step] of failed) t.log(`${name}: ${step.error}\n${step.stack}`);
  t.deepEqual(
    failed.map(([name]) => name),
    [],
  );
  const skipped = Object.entries(steps).filter(([, step]) => step.skipped);
  for (const [name, step] of skipped) t.log(`skipped ${name}: ${step.skipped}`);
  t.is(skipped.length, hasPostgres ? 0 : 1);
});

test('after hardening, Object.prototype.polluted = 1 (strict or sloppy) leaves ({}).polluted undefined and prototypesIntact() is ok', (t) =>
  assertSteps(t, runs.hardened, () => true, 7));

test("without hardening, prototypesIntact() reports an added key, a replaced method and node soap's pollution, at most 10 problems", async (t) => {
  await assertSteps(t, runs.unhardened, () => true, 5);
  const steps = await runs.unhardened;
  const soap = steps['node soap parsing id="__proto__" pollutes Object.prototype, and that is detected']?.detail as {
    intact: { problems: string[] };
  };
  t.deepEqual(soap.intact.problems, ['Object.prototype: "obj" was added', 'Object: "obj" was added']);
});
