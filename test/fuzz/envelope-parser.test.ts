// Fuzz test of the SOAP envelope parser (issue 7): the corpus in test/fuzz/corpus/ on every endpoint and several
// chunkings, then a fixed-seed fast-check run of generated envelopes (test/fuzz/seeds.json), so npm test is
// deterministic. The long run with a random seed is npm run fuzz (test/fuzz/run-fuzz.ts). The properties are
// in envelope-properties.ts; a known parser bug is counted and logged here, and its corpus replay is
// test.failing until the parser is fixed.
import { readFileSync } from 'node:fs';
import test from 'ava';
import fc from 'fast-check';
import { AppError } from '../../src/kernel/errors.js';
import { loadCorpus, parseEndpoint } from './corpus.js';
import { allEndpoints, endpointLabel, endpointRules, type FuzzCase, fuzzCase, maxCaseChars } from './envelope-arbitraries.js';
import { checkCase, checkText, corpusChunkings, describeOutcome, drive, knownBugs } from './envelope-properties.js';

interface SeedsFile {
  readonly seed: number;
  readonly numRuns: number;
  readonly replays: readonly { readonly seed: number; readonly path: string; readonly note?: string }[];
}
const seeds = JSON.parse(readFileSync(new URL('./seeds.json', import.meta.url), 'utf8')) as SeedsFile;

const countInto = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
const summary = (counts: Map<string, number>) =>
  [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');

// ---------------------------------------------------------------------------------------------------------
// The corpus.

const corpus = loadCorpus();

test('the corpus holds the inputs the issue names', (t) => {
  t.true(corpus.length >= 30, `${corpus.length} corpus files`);
  const texts = corpus.map((c) => c.text);
  t.true(
    texts.some((x) => /<\w+:GetMessages[^>]*\sid="__proto__"/.test(x)),
    'GetMessages id="__proto__"',
  );
  t.true(
    texts.some((x) => /<!\[CDATA\[<\?xml/.test(x)),
    'CDATA holding <?xml',
  );
  t.true(
    texts.some((x) => x.includes('version="1.1"') && x.includes('&#x1;')),
    'XML 1.1 with &#x1;',
  );
  t.true(
    texts.some((x) => (x.match(/<\w+:Body[\s>]/g) ?? []).length >= 2),
    'two Bodies',
  );
  t.true(
    texts.some((x) => (x.match(/<\w+:Header[\s>]/g) ?? []).length >= 2),
    'a second Header',
  );
});

for (const entry of corpus) {
  const { name, text, sidecar } = entry;

  test(`corpus ${name}: every property, on every endpoint, in every chunking`, (t) => {
    const known = new Map<string, number>();
    // checkText throws when a property is broken: the parser answered with something other than an AppError,
    // polluted a prototype, built a non-schema key, sent an unbounded fault, or differed between chunkings.
    t.notThrows(() => {
      for (const endpoint of allEndpoints) {
        for (const chunks of corpusChunkings(text.length)) {
          for (const id of checkText(endpoint, text, chunks).known) countInto(known, `${id} on ${endpointLabel(endpoint)}`);
        }
      }
    });
    if (known.size) t.log(`known bugs shown: ${summary(known)}`);
  });

  for (const [label, code] of Object.entries(sidecar.expect ?? {})) {
    test(`corpus ${name}: ${label} answers ${code}`, (t) => {
      const outcome = drive(endpointRules(parseEndpoint(label)), text, text.length ? [text.length] : []);
      if (code === 'ok') t.true(outcome.ok, describeOutcome(outcome));
      else
        t.is<string | undefined, string | undefined>(
          !outcome.ok && outcome.error instanceof AppError ? outcome.error.code : undefined,
          code,
          describeOutcome(outcome),
        );
    });
  }

  if (sidecar.replay) {
    const replay = sidecar.replay;
    const bug = sidecar.knownBug ? knownBugs.find((b) => b.id === sidecar.knownBug) : undefined;
    if (sidecar.knownBug && !bug) throw new Error(`corpus ${name}: unknown knownBug ${sidecar.knownBug}`);
    const title = `corpus ${name}: replay on ${replay.endpoint}${bug ? ` (known parser bug ${bug.id}: ${bug.title})` : ''}`;
    // A known bug's replay fails until the parser is fixed; then test.failing reports it, and the marker goes.
    (bug ? test.failing : test)(title, (t) => {
      t.notThrows(() => checkText(parseEndpoint(replay.endpoint), text, replay.chunks, { strict: true }));
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Generated envelopes, fixed seed.

function report(details: fc.RunDetails<[FuzzCase]>): string {
  const c = details.counterexample?.[0];
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  const lines = [
    `Property failed after ${details.numRuns} runs and ${details.numShrinks} shrinks: seed ${details.seed}, path "${details.counterexamplePath}".`,
    `Replay: npm run fuzz -- --seed ${details.seed} --path ${details.counterexamplePath}`,
    error,
  ];
  if (c) {
    lines.push(
      `endpoint ${endpointLabel(c.endpoint)}, mutations [${c.mutations.join(', ')}], ${c.chunks.length} chunks`,
      `text (${c.text.length} chars): ${JSON.stringify(c.text.length > 3000 ? `${c.text.slice(0, 3000)}…` : c.text)}`,
    );
  }
  return lines.join('\n');
}

test(`fuzz: ${seeds.numRuns} generated envelopes (seed ${seeds.seed}) keep every property`, (t) => {
  const known = new Map<string, number>();
  const outcomes = new Map<string, number>();
  const mutations = new Map<string, number>();
  const endpoints = new Set<string>();
  let accepted = 0;
  let oracle = 0;
  let longest = 0;
  const property = fc.property(fuzzCase, (c) => {
    const { single, known: shown } = checkCase(c);
    for (const id of shown) countInto(known, id);
    countInto(outcomes, single.ok ? 'ok' : single.error instanceof AppError ? single.error.code : 'other');
    for (const m of new Set(c.mutations)) countInto(mutations, m);
    endpoints.add(endpointLabel(c.endpoint));
    if (single.ok) accepted++;
    if (c.expected) oracle++;
    longest = Math.max(longest, c.text.length);
  });
  const details = fc.check(property, { seed: seeds.seed, numRuns: seeds.numRuns });
  if (details.failed) return t.fail(report(details));
  t.log(`outcomes: ${summary(outcomes)}`);
  t.log(`mutations: ${summary(mutations)}`);
  if (known.size) t.log(`known parser bugs shown (tolerated here, test.failing in the corpus): ${summary(known)}`);
  // The generator still reaches what it should: every endpoint, parses that succeed, the oracle, small cases.
  t.is(endpoints.size, allEndpoints.length, 'every service, SOAP version and profile');
  t.true(accepted > seeds.numRuns * 0.1, `${accepted} accepted`);
  t.true(oracle > seeds.numRuns * 0.05, `${oracle} unmutated requests checked against their exact arguments`);
  t.true(longest <= maxCaseChars);
  for (const kind of [
    'delete',
    'duplicate',
    'insert',
    'rename',
    'attributes',
    'fragment',
    'setText',
    'namespace',
    'wrap',
    'move',
    'text:truncate',
    'text:flip',
    'prolog',
  ])
    t.true(mutations.has(kind), `mutation ${kind} was generated`);
});

for (const replay of seeds.replays) {
  test(`fuzz replay: seed ${replay.seed} path ${replay.path}${replay.note ? ` (${replay.note})` : ''}`, (t) => {
    const details = fc.check(
      fc.property(fuzzCase, (c) => void checkCase(c)),
      { seed: replay.seed, path: replay.path, numRuns: 1 },
    );
    t.false(details.failed, details.failed ? report(details) : 'the replayed case holds every property');
  });
}
