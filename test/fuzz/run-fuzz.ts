// The long fuzz run of the envelope parser (issue 7): npm run fuzz [-- --seed N] [--runs N | --minutes N] [--path P]
// [--strict] [--batch N]. The same generator and properties as test/fuzz/envelope-parser.test.ts, with a random
// seed (printed, so a failure can be replayed) and many more cases, in batches of --batch cases whose seeds are
// derived from the base seed. Progress every few seconds. On a failure the shrunk counterexample is written to
// test/fuzz/corpus/ (found-*.xml and its .json sidecar) and the run exits 1.
//
// The cases run in a worker thread; this thread watches it, so a parser that loops forever is caught too: after
// --hang-seconds without progress the case being checked is written to the corpus (hang-*.xml) and the run exits 1.
import { randomInt } from 'node:crypto';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { saveCounterexample } from './corpus.js';
import { type Endpoint, endpointLabel, type FuzzCase, fuzzCase } from './envelope-arbitraries.js';
import { checkCase } from './envelope-properties.js';

interface Options {
  readonly seed: number;
  readonly runs: number;
  readonly minutes: number | undefined;
  readonly path: string | undefined;
  readonly strict: boolean;
  readonly batch: number;
  readonly hangSeconds: number;
}

type Message =
  | { readonly type: 'progress'; readonly cases: number; readonly known: Record<string, number>; readonly shrinking: boolean }
  | { readonly type: 'failure'; readonly report: string; readonly file: string }
  | { readonly type: 'done'; readonly cases: number; readonly known: Record<string, number> };

const usage = `usage: npm run fuzz -- [--seed N] [--runs N | --minutes N] [--path P] [--strict] [--batch N] [--hang-seconds N]
  --seed N      base seed (default: random; printed)
  --runs N      number of cases (default 200000)
  --minutes N   run for N minutes instead of a number of cases
  --path P      with --seed: replay the counterexample path P of a failure report (the seed of its batch)
  --strict      known parser bugs (envelope-properties.ts knownBugs) fail too
  --batch N     cases per batch, each batch with its own derived seed (default 2000)
  --hang-seconds N  no progress for this long is a hang (default 60)`;

function parseOptions(argv: readonly string[]): Options {
  const options: { -readonly [K in keyof Options]: Options[K] } = {
    seed: randomInt(0, 2 ** 31 - 1),
    runs: 200_000,
    minutes: undefined,
    path: undefined,
    strict: false,
    batch: 2000,
    hangSeconds: 60,
  };
  const number = (flag: string, value: string | undefined) => {
    const n = Number(value);
    if (value === undefined || !Number.isFinite(n) || n < 0) throw new Error(`${flag} needs a number`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const [name, inline] = flag.includes('=') ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)] : [flag, undefined];
    const value = () => inline ?? argv[++i];
    switch (name) {
      case '--seed':
        options.seed = Math.trunc(number(name, value())) | 0;
        break;
      case '--runs':
        options.runs = Math.trunc(number(name, value()));
        break;
      case '--minutes':
        options.minutes = number(name, value());
        break;
      case '--path':
        options.path = value();
        break;
      case '--strict':
        options.strict = true;
        break;
      case '--batch':
        options.batch = Math.max(1, Math.trunc(number(name, value())));
        break;
      case '--hang-seconds':
        options.hangSeconds = number(name, value());
        break;
      case '--help':
      case '-h':
        console.log(usage);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag}\n${usage}`);
    }
  }
  return options;
}

/** The seed of batch `k`: the base seed for the first, then well mixed (murmur3 finalizer). */
function batchSeed(seed: number, k: number): number {
  if (k === 0) return seed;
  let h = (seed ^ Math.imul(k, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) & 0x7fffffff;
}

// ---------------------------------------------------------------------------------------------------------
// The case being checked, shared with the watching thread: [length, utf-16 units...] of
// JSON {endpoint, chunks, mutations} + '\n' + text.

const sharedUnits = 1 << 18;

function publish(view: Int32Array, units: Uint16Array, c: FuzzCase): void {
  const meta = JSON.stringify({ endpoint: c.endpoint, chunks: c.chunks, mutations: c.mutations });
  const all = `${meta}\n${c.text}`;
  const n = Math.min(all.length, units.length);
  for (let i = 0; i < n; i++) units[i] = all.charCodeAt(i);
  Atomics.store(view, 0, n);
}

function readPublished(view: Int32Array, units: Uint16Array): FuzzCase | undefined {
  const n = Atomics.load(view, 0);
  if (n <= 0) return undefined;
  let all = '';
  for (let i = 0; i < n; i += 8192) all += String.fromCharCode(...units.subarray(i, Math.min(n, i + 8192)));
  const newline = all.indexOf('\n');
  const meta = JSON.parse(all.slice(0, newline)) as { endpoint: Endpoint; chunks: number[]; mutations: string[] };
  return { endpoint: meta.endpoint, chunks: meta.chunks, mutations: meta.mutations, text: all.slice(newline + 1), expected: undefined };
}

// ---------------------------------------------------------------------------------------------------------
// The worker: runs the batches.

function describeCounterexample(c: FuzzCase): string {
  const text = c.text.length > 4000 ? `${c.text.slice(0, 4000)}… (${c.text.length} chars)` : c.text;
  return `endpoint ${endpointLabel(c.endpoint)}, mutations [${c.mutations.join(', ')}], ${c.chunks.length} chunks\ntext: ${JSON.stringify(text)}`;
}

function runWorker(options: Options, shared: SharedArrayBuffer): void {
  const port = parentPort!;
  const post = (m: Message) => port.postMessage(m);
  const view = new Int32Array(shared, 0, 1);
  const units = new Uint16Array(shared, 4, sharedUnits);
  const known: Record<string, number> = {};
  let cases = 0;
  let shrinking = false;
  let lastProgress = Date.now();
  const deadline = options.minutes === undefined ? Infinity : Date.now() + options.minutes * 60_000;

  const property = fc.property(fuzzCase, (c) => {
    publish(view, units, c);
    cases++;
    if ((cases & 63) === 0 && Date.now() - lastProgress >= 3000) {
      lastProgress = Date.now();
      post({ type: 'progress', cases, known, shrinking });
    }
    try {
      for (const id of checkCase(c, { strict: options.strict }).known) known[id] = (known[id] ?? 0) + 1;
    } catch (error) {
      shrinking = true;
      throw error;
    }
  });

  const fail = (details: fc.RunDetails<[FuzzCase]>, seed: number, batch: number) => {
    const c = details.counterexample![0];
    const message = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    const file = saveCounterexample(c, 'found', {
      seed,
      path: details.counterexamplePath,
      baseSeed: options.seed,
      batch,
      failure: message,
      replay: `npm run fuzz -- --seed ${seed} --path ${details.counterexamplePath}`,
    });
    const report = [
      `FAILURE after ${details.numRuns} cases of batch ${batch} and ${details.numShrinks} shrinks`,
      `replay: npm run fuzz -- --seed ${seed} --path ${details.counterexamplePath}`,
      message,
      describeCounterexample(c),
    ].join('\n');
    post({ type: 'failure', report, file });
  };

  if (options.path !== undefined) {
    const details = fc.check(property, { seed: options.seed, path: options.path, numRuns: 1 });
    if (details.failed) return fail(details, options.seed, 0);
    post({ type: 'done', cases, known });
    return;
  }
  for (let batch = 0; ; batch++) {
    const remaining = options.minutes === undefined ? options.runs - cases : Infinity;
    if (remaining <= 0 || Date.now() >= deadline) break;
    const seed = batchSeed(options.seed, batch);
    const details = fc.check(property, { seed, numRuns: Math.min(options.batch, remaining) });
    if (details.failed) return fail(details, seed, batch);
  }
  post({ type: 'done', cases, known });
}

// ---------------------------------------------------------------------------------------------------------
// The main thread: starts the worker, prints its progress, watches for a hang.

function main(): void {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const budget =
    options.path !== undefined
      ? `replaying path ${options.path}`
      : options.minutes !== undefined
        ? `${options.minutes} minutes`
        : `${options.runs} cases`;
  console.log(
    `envelope parser fuzz: seed ${options.seed}, ${budget}${options.strict ? ', strict' : ''} (replay: npm run fuzz -- --seed ${options.seed})`,
  );

  const shared = new SharedArrayBuffer(4 + 2 * sharedUnits);
  const view = new Int32Array(shared, 0, 1);
  const units = new Uint16Array(shared, 4, sharedUnits);
  const started = Date.now();
  let lastMessage = Date.now();
  let exitCode = 1;
  const elapsed = () => {
    const s = Math.round((Date.now() - started) / 1000);
    return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  };
  const rate = (cases: number) => Math.round(cases / Math.max(0.001, (Date.now() - started) / 1000));
  const knownText = (known: Record<string, number>) => {
    const entries = Object.entries(known);
    return entries.length ? `, known parser bugs: ${entries.map(([k, n]) => `${k} ${n}`).join(', ')}` : '';
  };

  // A worker does not inherit the tsx loader of `node --import tsx`: the worker registers it, then loads this file.
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { options, shared } });
  worker.on('message', (m: Message) => {
    lastMessage = Date.now();
    switch (m.type) {
      case 'progress':
        console.log(
          `[${elapsed()}] ${m.cases} cases, ${rate(m.cases)}/s, ${m.shrinking ? '1 failure (shrinking)' : '0 failures'}${knownText(m.known)}`,
        );
        return;
      case 'failure':
        console.log(`[${elapsed()}] ${m.report}\ncounterexample written to ${m.file}`);
        exitCode = 1;
        return;
      case 'done':
        console.log(`[${elapsed()}] done: ${m.cases} cases, ${rate(m.cases)}/s, 0 failures${knownText(m.known)}`);
        exitCode = 0;
        return;
    }
  });
  worker.on('error', (error) => {
    console.error(`the fuzz worker crashed: ${error.stack ?? error}`);
    exitCode = 1;
  });
  const watch = setInterval(() => {
    if (Date.now() - lastMessage < options.hangSeconds * 1000) return;
    clearInterval(watch);
    const c = readPublished(view, units);
    console.log(`[${elapsed()}] HANG: no progress for ${options.hangSeconds} s`);
    if (c) {
      const file = saveCounterexample(c, 'hang', {
        seed: options.seed,
        failure: `no progress for ${options.hangSeconds} s while checking this case`,
      });
      console.log(`${describeCounterexample(c)}\nthe case being checked was written to ${file}`);
    }
    void worker.terminate().then(() => process.exit(1));
  }, 1000);
  worker.on('exit', () => {
    clearInterval(watch);
    process.exit(exitCode);
  });
}

if (isMainThread) main();
else {
  const data = workerData as { options: Options; shared: SharedArrayBuffer };
  runWorker(data.options, data.shared);
}
