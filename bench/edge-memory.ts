// npm run bench:edge (issue 7): what the worst requests up to the 16 MiB limit cost the gateway's SOAP edge, in
// memory (RSS of the server process) and in event-loop stall, against the previous edge (commit 20072b2:
// express.raw + a saxes pre-check + node soap's server) measured in the same run. Progress on stderr, the
// tables (Markdown) on stdout.
//
// Each case runs on a fresh pair of gateway processes (this edge and the previous one, both started at once,
// both warmed up with a few small requests), so every row starts from the same state and one case's leftovers
// do not hide the next case's growth. The gateway runs as `node bin/imwsi.js serve`, as an operator runs it,
// with bench/edge-probe.ts preloaded (event-loop delay, CPU per task, GC pauses, GC on request, over
// the IPC channel). Requests go over a plain TCP socket that reads while it writes (see send()).
// Per case and edge:
// - peak RSS: VmHWM of the server after resetting it (/proc/<pid>/clear_refs 5) just before the request, minus
//   the RSS just before (after a full GC); also sampled every 5 ms from /proc/<pid>/status as a fallback;
// - retained: RSS after the answer and three full GCs, minus the same baseline;
// - stall: how much later than its 10 ms period the server's event-loop timer fired, max and p99, from the
//   request's first byte to 150 ms after its answer (wall clock: grows with the machine's load); the longest
//   task in server CPU time beside it does not;
// - read: bytes the server read(2) meanwhile (/proc/<pid>/io rchar): shows whether it read the whole body
//   before refusing it; CPU: the server's user + system time meanwhile.
//
//   npm run bench:edge                      # every case, then 4 at once of the worst, ~2-3 minutes
//   npm run bench:edge -- --only e,f        # some cases (letters as in the table), no parallel phase
//   npm run bench:edge -- --no-old          # this edge only (absolute figures)
//   npm run bench:edge -- --old-root DIR    # the previous edge's worktree (default /tmp/imwsi-old)
//   npm run bench:edge -- --repeat 5        # each case 5 times on the same servers: does retained RSS grow?
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { ProbeCommand, ProbeReply } from './edge-probe.js';
import { step } from './progress.js';
import { cpuSecondsOf, memoryOf, spawnListening } from './server-process.js';
import { table } from './stats.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const probeFile = fileURLToPath(new URL('./edge-probe.ts', import.meta.url));
const run = promisify(execFile);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------- options

interface Options {
  readonly only: ReadonlySet<string> | undefined;
  readonly old: boolean;
  readonly oldRoot: string;
  readonly oldCommit: string;
  readonly keep: boolean;
  /** Each case this many times in a row on the same servers: does what is retained grow? */
  readonly repeat: number;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  if (argv.includes('--help')) {
    process.stdout.write(
      'npm run bench:edge -- [--only a,b,...] [--no-old] [--old-root DIR (default /tmp/imwsi-old)] [--old-commit 20072b2] [--keep]\n' +
        '                       [--repeat N: each case N times in a row on the same servers, retained RSS after each on stderr]\n',
    );
    process.exit(0);
  }
  const only = value('only');
  return {
    only: only ? new Set(only.split(',').map((s) => s.trim().toLowerCase())) : undefined,
    old: !argv.includes('--no-old'),
    oldRoot: value('old-root') ?? '/tmp/imwsi-old',
    oldCommit: value('old-commit') ?? '20072b2',
    keep: argv.includes('--keep'),
    repeat: Math.max(1, Number(value('repeat') ?? 1)),
  };
}

// --------------------------------------------------------------------------------------------- requests

const limitBytes = 16 * 1024 * 1024;
/** The filler of the oversize cases: 15.9 MiB, so the whole request stays under the 16 MiB limit. */
const fillBytes = 16_650_000;
const soap11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const imNamespace = 'http://imwsi.org/wsi/InstantMessaging/v1';
const alice = { user: 'alice@example.com', password: 'bench-alice-password' };
const bob = { user: 'bob@example.com', password: 'bench-bob-password' };

interface RequestSpec {
  /** The body, written in 64 kB slices as fast as the server takes it. */
  readonly parts: readonly Buffer[];
  readonly headers?: Readonly<Record<string, string>>;
  /** Headers announce `contentLength`; then `chunk` bytes every `everyMs` until answered or `forMs`. */
  readonly trickle?: { readonly contentLength: number; readonly chunk: number; readonly everyMs: number; readonly forMs: number };
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const envelopeStart = () => `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${soap11}" xmlns:im="${imNamespace}">`;
const envelopeEnd = '</soap:Body></soap:Envelope>';
const wsse = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const wsu = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const tokenProfile = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0';
/**
 * A UsernameToken with a fresh nonce and its PasswordDigest, Base64(SHA-1(nonce + created + password)), for
 * every request. Built here rather than imported from src/, so the same bench runs against both edges' trees.
 */
function securityHeader(): string {
  const nonce = randomBytes(16);
  const created = new Date().toISOString();
  const digest = createHash('sha1')
    .update(Buffer.concat([nonce, utf8(created + alice.password)]))
    .digest('base64');
  return (
    `<soap:Header><wsse:Security xmlns:wsse="${wsse}" xmlns:wsu="${wsu}"><wsse:UsernameToken><wsse:Username>${alice.user}</wsse:Username>` +
    `<wsse:Password Type="${tokenProfile}#PasswordDigest">${digest}</wsse:Password>` +
    `<wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">` +
    `${nonce.toString('base64')}</wsse:Nonce><wsu:Created>${created}</wsu:Created></wsse:UsernameToken></wsse:Security></soap:Header>`
  );
}
const tinyMessage = '<im:message><im:recipient>bob@example.com</im:recipient><im:content>aGk=</im:content></im:message>';
/** The small request the servers are warmed up with. */
const warmUpRequest = (): RequestSpec => ({
  parts: [utf8(`${envelopeStart()}${securityHeader()}<soap:Body><im:SendMessages>${tinyMessage}</im:SendMessages>${envelopeEnd}`)],
});
const warmUpFault = (): RequestSpec => ({ parts: [utf8(`${envelopeStart()}<soap:Body><im:GetMessages/>${envelopeEnd}`)] });

let filler: Buffer | undefined;
/** fillBytes of 'a' (valid in a comment, an attribute value, a text node and an element name). */
const fill = () => (filler ??= Buffer.alloc(fillBytes, 'a'));

let contentText: Buffer | undefined;
/** 1 MiB of base64 (786,432 pseudo-random bytes), the content of each of the 15 messages of case e. */
const megabyteContent = () =>
  (contentText ??= utf8(Buffer.from(Array.from({ length: 786_432 }, (_, i) => (i * 2654435761) >>> 24)).toString('base64')));

let smallElements: Buffer | undefined;
const recipientsPerMessage = 1000;
const smallMessage = `<message>${'<recipient>u@example.com</recipient>'.repeat(recipientsPerMessage)}<content>aGk=</content></message>`;
/** Case f: messages of 1,000 recipients each (the per-message maximum), as many as fill 15.9 MiB. */
const smallMessages = Math.floor(fillBytes / smallMessage.length);
const manySmallElements = () => (smallElements ??= utf8(smallMessage.repeat(smallMessages)));

let bombMiddle: Buffer | undefined;
/** 1 GiB of 'A' as 64 gzip members of 16 MiB each (node's gunzip reads concatenated members): ~1 MB. */
function gzipBombMiddle(): Buffer {
  if (bombMiddle) return bombMiddle;
  const member = gzipSync(Buffer.alloc(16 * 1024 * 1024, 'A'), { level: 9 });
  bombMiddle = Buffer.concat(Array.from({ length: 64 }, () => member));
  return bombMiddle;
}
const gzipBomb = (before: string, after: string): RequestSpec => ({
  parts: [gzipSync(utf8(before)), gzipBombMiddle(), gzipSync(utf8(after))],
  headers: { 'content-encoding': 'gzip' },
});

interface Case {
  /** Letter of the brief (a-h), with ' auth' for the authenticated variant. */
  readonly key: string;
  readonly label: string;
  readonly build: () => RequestSpec;
}

const cases: readonly Case[] = [
  {
    key: 'a',
    label: '15.9 MB comment before the Body',
    build: () => ({ parts: [utf8(`${envelopeStart()}<!--`), fill(), utf8(`--><soap:Body><im:GetMessages/>${envelopeEnd}`)] }),
  },
  {
    key: 'a auth',
    label: '15.9 MB comment inside the operation',
    build: () => ({
      parts: [
        utf8(`${envelopeStart()}${securityHeader()}<soap:Body><im:SendMessages><!--`),
        fill(),
        utf8(`-->${tinyMessage}</im:SendMessages>${envelopeEnd}`),
      ],
    }),
  },
  {
    key: 'b',
    label: '15.9 MB attribute value on the Envelope',
    build: () => ({ parts: [utf8(`${envelopeStart().slice(0, -1)} x="`), fill(), utf8(`"><soap:Body><im:GetMessages/>${envelopeEnd}`)] }),
  },
  {
    key: 'b auth',
    label: '15.9 MB attribute value on im:message',
    build: () => ({
      parts: [
        utf8(`${envelopeStart()}${securityHeader()}<soap:Body><im:SendMessages><im:message x="`),
        fill(),
        utf8(`"><im:recipient>bob@example.com</im:recipient><im:content>aGk=</im:content></im:message></im:SendMessages>${envelopeEnd}`),
      ],
    }),
  },
  {
    key: 'c',
    label: '15.9 MB text in a foreign header',
    build: () => ({
      parts: [
        utf8(`${envelopeStart()}<soap:Header><f:note xmlns:f="urn:foreign">`),
        fill(),
        utf8(`</f:note></soap:Header><soap:Body><im:GetMessages/>${envelopeEnd}`),
      ],
    }),
  },
  {
    key: 'c auth',
    label: '15.9 MB text in im:subject',
    build: () => ({
      parts: [
        utf8(
          `${envelopeStart()}${securityHeader()}<soap:Body><im:SendMessages><im:message><im:recipient>bob@example.com</im:recipient><im:content>aGk=</im:content><im:subject>`,
        ),
        fill(),
        utf8(`</im:subject></im:message></im:SendMessages>${envelopeEnd}`),
      ],
    }),
  },
  {
    key: 'd',
    label: '15.9 MB element name in the Header',
    build: () => ({
      parts: [utf8(`${envelopeStart()}<soap:Header><x`), fill(), utf8(`/></soap:Header><soap:Body><im:GetMessages/>${envelopeEnd}`)],
    }),
  },
  {
    key: 'd auth',
    label: '15.9 MB element name inside the operation',
    build: () => ({
      parts: [
        utf8(`${envelopeStart()}${securityHeader()}<soap:Body><im:SendMessages><im:x`),
        fill(),
        utf8(`/>${tinyMessage}</im:SendMessages>${envelopeEnd}`),
      ],
    }),
  },
  {
    key: 'e',
    label: 'SendMessages, 15 x 1 MB base64, no credentials',
    build: () => ({ parts: fifteenMessages(false) }),
  },
  {
    key: 'e auth',
    label: 'SendMessages, 15 x 1 MB base64 (legitimate)',
    build: () => ({ parts: fifteenMessages(true) }),
  },
  {
    key: 'f',
    label: 'SendMessages, 15.9 MB of small elements, no credentials',
    build: () => ({ parts: smallElementRequest(false) }),
  },
  {
    key: 'f auth',
    label: 'SendMessages, 15.9 MB of small elements',
    build: () => ({ parts: smallElementRequest(true) }),
  },
  {
    key: 'f auth-codec',
    label: 'same, then a message whose content is not base64',
    build: () => ({ parts: smallElementRequest(true, true) }),
  },
  {
    key: 'g',
    label: 'Content-Length 1 GiB, 1 kB per 50 ms',
    build: () => ({ parts: [], trickle: { contentLength: 2 ** 30, chunk: 1024, everyMs: 50, forMs: 3000 } }),
  },
  {
    key: 'h',
    label: 'gzip bomb, 1 MB -> 1 GiB, in a header comment',
    build: () => gzipBomb(`${envelopeStart()}<soap:Header><!--`, `--></soap:Header><soap:Body><im:GetMessages/>${envelopeEnd}`),
  },
  {
    key: 'h auth',
    label: 'gzip bomb, 1 MB -> 1 GiB, in im:content',
    build: () =>
      gzipBomb(
        `${envelopeStart()}${securityHeader()}<soap:Body><im:SendMessages><im:message><im:recipient>bob@example.com</im:recipient><im:content>`,
        `</im:content></im:message></im:SendMessages>${envelopeEnd}`,
      ),
  },
];

function fifteenMessages(authenticated: boolean): Buffer[] {
  const parts: Buffer[] = [utf8(`${envelopeStart()}${authenticated ? securityHeader() : ''}<soap:Body><im:SendMessages>`)];
  for (let i = 0; i < 15; i++) {
    parts.push(
      utf8('<im:message><im:recipient>bob@example.com</im:recipient><im:content>'),
      megabyteContent(),
      utf8('</im:content></im:message>'),
    );
  }
  parts.push(utf8(`</im:SendMessages>${envelopeEnd}`));
  return parts;
}

/** `refusedByCodec`: one more message, whose content is not base64, so the handler refuses the request
 * (SVC0002) after parsing and decoding it all, before the domain: the edge's own share of case f. */
function smallElementRequest(authenticated: boolean, refusedByCodec = false): Buffer[] {
  return [
    utf8(`${envelopeStart()}${authenticated ? securityHeader() : ''}<soap:Body><im:SendMessages xmlns="${imNamespace}">`),
    manySmallElements(),
    utf8(
      `${refusedByCodec ? '<message><recipient>u@example.com</recipient><content>!!!!</content></message>' : ''}</im:SendMessages>${envelopeEnd}`,
    ),
  ];
}

/** The parallel phase: 4 at once of each of these. */
const parallelKeys = ['a', 'c auth', 'e auth', 'f auth', 'h auth'];

// ---------------------------------------------------------------------------------------------- servers

interface Edge {
  readonly name: 'new' | 'old';
  readonly root: string;
  /** A database with alice and bob (and its key), copied for every server started. */
  readonly template: string;
}

interface EdgeServer {
  readonly url: string;
  readonly pid: number;
  probe(cmd: ProbeCommand): Promise<ProbeReply>;
  stop(): Promise<void>;
}

const commonFlags = (db: string) => ['--db', db, '--domain', 'example.com', '--log-level', 'silent'];

async function prepareTemplate(root: string, dir: string): Promise<string> {
  const db = join(dir, 'imwsi.sqlite');
  for (const who of [alice, bob]) {
    await run(process.execPath, [join(root, 'bin/imwsi.js'), 'users', 'add', who.user, '--password', who.password, ...commonFlags(db)], {
      cwd: root,
    });
  }
  return dir;
}

async function startServer(edge: Edge, scratch: string): Promise<EdgeServer> {
  const dir = mkdtempSync(join(scratch, `${edge.name}-`));
  for (const file of readdirSync(edge.template)) copyFileSync(join(edge.template, file), join(dir, file));
  const args = [
    '--expose-gc',
    '--import',
    'tsx',
    '--import',
    probeFile,
    join(edge.root, 'bin/imwsi.js'),
    'serve',
    '--port',
    '0',
    ...commonFlags(join(dir, 'imwsi.sqlite')),
  ];
  const { child, url, exited } = await spawnListening(`the ${edge.name} edge's gateway`, args, { cwd: edge.root, ipc: true });
  let nextId = 0;
  const pending = new Map<number, (reply: ProbeReply) => void>();
  child.on('message', (reply: ProbeReply & { error?: string }) => {
    if (reply.error) throw new Error(`probe: ${reply.error}`);
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  return {
    url,
    pid: child.pid!,
    probe: (cmd) =>
      new Promise((resolve, reject) => {
        const id = ++nextId;
        pending.set(id, resolve);
        child.send({ id, cmd }, (error) => error && reject(error));
      }),
    async stop() {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ----------------------------------------------------------------------------------------------- client

interface Outcome {
  /** HTTP status, or 0 when the connection ended without an answer. */
  readonly status: number;
  /** The Parlay X messageId of a fault, 'ok' for a 200, or what happened to the connection. */
  readonly answer: string;
  /** From the first byte sent to the first byte of the answer (or the end of the connection), ms. */
  readonly ms: number;
}

const faultOf = (body: string) => /<(?:[\w-]+:)?messageId>([^<]+)</.exec(body)?.[1] ?? /<faultstring>([^<]*)</.exec(body)?.[1];

/**
 * POSTs on a plain TCP socket, reading while it writes, as curl does: a server that answers before the whole
 * body is sent (and then closes) is heard. (node's http.request reports the write error of such a close,
 * EPIPE, before the answer now and then, which would hide the fault the server did send.)
 */
function send(baseUrl: string, spec: RequestSpec, timeoutMs = 60_000): Promise<Outcome> {
  const url = new URL(baseUrl);
  const length = spec.trickle?.contentLength ?? spec.parts.reduce((n, p) => n + p.length, 0);
  if (!spec.trickle && length > limitBytes) throw new Error(`a ${length}-byte request is over the gateway's limit: not the case meant`);
  const headers: Record<string, string> = {
    Host: url.host,
    'Content-Type': 'text/xml; charset=utf-8',
    SOAPAction: '""',
    'Content-Length': String(length),
    Connection: 'close',
    ...spec.headers,
  };
  const head = `POST /wsi/InstantMessaging HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect(Number(url.port), url.hostname);
    let received = Buffer.alloc(0);
    let answeredAt: number | undefined;
    let settled = false;
    let failure: string | undefined;
    const finish = (status: number, answer: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ status, answer, ms: (answeredAt ?? performance.now()) - started });
      socket.destroy();
    };
    /** True once a whole response (head, and body up to its Content-Length) is in. */
    const answered = (): boolean => {
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return false;
      const top = received.subarray(0, end).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(top)?.[1] ?? 0);
      const size = Number(/\r\ncontent-length:\s*(\d+)/i.exec(top)?.[1] ?? Number.NaN);
      const body = received.subarray(end + 4);
      if (Number.isFinite(size) && body.length < size) return false;
      const text = body.toString('utf8');
      finish(status, status === 200 ? 'ok' : (faultOf(text) ?? (text.slice(0, 40) || 'empty')));
      return true;
    };
    socket.on('data', (chunk: Buffer) => {
      answeredAt ??= performance.now();
      received = Buffer.concat([received, chunk]);
      answered();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => (failure ??= error.code ?? error.message));
    socket.on('close', () => {
      if (!answered()) finish(0, received.length ? `incomplete answer, then ${failure ?? 'close'}` : `no answer: ${failure ?? 'closed'}`);
    });
    const timer = setTimeout(() => finish(0, `no answer in ${timeoutMs / 1000} s`), timeoutMs);
    const writable = () => answeredAt === undefined && !settled && !socket.destroyed;
    const drained = () =>
      new Promise<void>((resolveDrain) => {
        const done = () => {
          socket.off('drain', done);
          socket.off('close', done);
          resolveDrain();
        };
        socket.on('drain', done);
        socket.on('close', done);
      });
    void (async () => {
      socket.write(head);
      if (spec.trickle) {
        const { chunk, everyMs, forMs } = spec.trickle;
        const slice = Buffer.alloc(chunk, ' ');
        while (writable() && performance.now() - started < forMs) {
          socket.write(slice);
          await pause(everyMs);
        }
        if (writable()) finish(0, `no answer in ${forMs / 1000} s`);
        return;
      }
      for (const part of spec.parts) {
        for (let at = 0; at < part.length; at += 65_536) {
          if (!writable()) return;
          if (!socket.write(part.subarray(at, at + 65_536))) await drained();
        }
      }
    })();
  });
}

// ---------------------------------------------------------------------------------------------- measure

interface Measurement {
  readonly outcomes: readonly Outcome[];
  /** kB above the settled RSS before the request. */
  readonly peakKb: number;
  readonly retainedKb: number;
  /** heapUsed + external after the answer and GCs, minus before: what JS still holds. */
  readonly heapRetainedKb: number;
  /** V8's heapTotal after, minus before: heap pages V8 keeps committed. */
  readonly heapTotalRetainedKb: number;
  readonly maxStallMs: number;
  readonly p99StallMs: number;
  /** Most server CPU time between two ticks of its 10 ms timer: the longest task, whatever the load, ms. */
  readonly maxTaskCpuMs: number;
  /** Longest single GC pause while the request ran, ms. */
  readonly maxGcMs: number;
  readonly readBytes: number;
  /** Server CPU time (user + system) from the request to 150 ms after the answer, ms (10 ms ticks). */
  readonly cpuMs: number;
  readonly baseKb: number;
}

const rcharOf = (pid: number) => Number(/^rchar:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? Number.NaN);
const liveKb = (memory: NodeJS.MemoryUsage) => (memory.heapUsed + memory.external) / 1024;

function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

async function measure(server: EdgeServer, specs: readonly RequestSpec[]): Promise<Measurement> {
  const before = await server.probe('gc');
  const baseKb = memoryOf(server.pid).rssKb;
  const peakReset = resetPeak(server.pid);
  let sampledKb = baseKb;
  const sampler = setInterval(() => {
    sampledKb = Math.max(sampledKb, memoryOf(server.pid).rssKb);
  }, 5);
  const read0 = rcharOf(server.pid);
  await server.probe('reset');
  const cpu0 = cpuSecondsOf(server.pid);
  const outcomes = await Promise.all(specs.map((spec) => send(server.url, spec)));
  await pause(150);
  const during = await server.probe('report');
  const cpuMs = (cpuSecondsOf(server.pid) - cpu0) * 1000;
  clearInterval(sampler);
  const readBytes = rcharOf(server.pid) - read0;
  const memory = memoryOf(server.pid);
  const peakKb = Math.max(peakReset ? memory.peakKb : 0, sampledKb, memory.rssKb) - baseKb;
  await pause(100);
  const after = await server.probe('gc');
  return {
    outcomes,
    peakKb,
    retainedKb: memoryOf(server.pid).rssKb - baseKb,
    heapRetainedKb: liveKb(after.memory) - liveKb(before.memory),
    heapTotalRetainedKb: (after.memory.heapTotal - before.memory.heapTotal) / 1024,
    maxStallMs: during.maxStallMs,
    p99StallMs: during.p99StallMs,
    maxGcMs: during.maxGcMs,
    maxTaskCpuMs: during.maxTaskCpuMs,
    readBytes,
    cpuMs,
    baseKb,
  };
}

async function warmUp(server: EdgeServer): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const ok = await send(server.url, warmUpRequest());
    if (ok.status !== 200) throw new Error(`warm-up SendMessages answered ${ok.status} ${ok.answer}`);
    await send(server.url, warmUpFault());
  }
}

// ---------------------------------------------------------------------------------------------- report

interface Row {
  readonly key: string;
  readonly label: string;
  readonly count: number;
  readonly results: Partial<Record<Edge['name'], Measurement>>;
}

const mb = (kb: number) => (Number.isFinite(kb) ? (kb / 1024).toFixed(1) : 'n/a');
const ms = (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(1) : Math.round(n).toLocaleString('en-US')) : 'n/a');
/** a/b; '-' when both are below `floor` (differences there are noise). */
function ratio(a: number, b: number, floor = 0): string {
  if (Math.max(a, b) < floor) return '-';
  if (!Number.isFinite(a) || !Number.isFinite(b) || b <= 0) return 'n/a';
  const r = Math.max(0, a) / b;
  return r === 0 ? '0x' : r < 0.1 ? `${r.toPrecision(2)}x` : `${r.toFixed(2)}x`;
}

function outcomeText(m: Measurement | undefined): string {
  if (!m) return '-';
  const groups = new Map<string, number>();
  for (const o of m.outcomes) {
    const text = o.status ? `${o.status} ${o.answer}` : o.answer;
    groups.set(text, (groups.get(text) ?? 0) + 1);
  }
  return [...groups].map(([text, n]) => (m.outcomes.length > 1 ? `${n}x ${text}` : text)).join(', ');
}
const slowest = (m: Measurement | undefined) => (m ? Math.max(...m.outcomes.map((o) => o.ms)) : Number.NaN);
const readMb = (m: Measurement | undefined) => (m ? (m.readBytes / 1024 / 1024).toFixed(1) : '-');
const caseName = (row: Row) => `${row.count > 1 ? `${row.count}x ` : ''}${row.key}: ${row.label}`;

function outcomeTable(rows: readonly Row[], withOld: boolean): string {
  const headers = [
    'request',
    'new: answer',
    'ms',
    'read MB',
    'CPU ms',
    ...(withOld ? ['old: answer', 'ms', 'read MB', 'CPU ms', 'time new/old', 'CPU new/old'] : []),
  ];
  const cpu = (m: Measurement | undefined) => (m ? m.cpuMs : Number.NaN);
  // Against an answer that never came, the ratio is an upper bound.
  const bound = (m: Measurement | undefined) => (m?.outcomes.some((o) => o.status === 0) ? '<' : '');
  return table(
    headers,
    rows.map((row) => {
      const n = row.results.new;
      const o = row.results.old;
      return [
        caseName(row),
        outcomeText(n),
        ms(slowest(n)),
        readMb(n),
        ms(cpu(n)),
        ...(withOld
          ? [
              outcomeText(o),
              ms(slowest(o)),
              readMb(o),
              ms(cpu(o)),
              bound(o) + ratio(slowest(n), slowest(o), noise.ms),
              ratio(cpu(n), cpu(o), noise.ms),
            ]
          : []),
      ];
    }),
  );
}

/** Below these, a ratio says nothing: no ratio is printed when both edges are under them. */
const noise = { kb: 2048, ms: 20 };

function memoryTable(rows: readonly Row[], withOld: boolean): string {
  const headers = withOld
    ? ['request', 'peak +MB new', 'old', 'new/old', 'retained +MB new', 'old', 'new/old']
    : ['request', 'peak +MB', 'retained +MB'];
  return table(
    headers,
    rows.map((row) => {
      const [n, o] = [row.results.new, row.results.old];
      const peak = (m?: Measurement) => m?.peakKb ?? Number.NaN;
      const retained = (m?: Measurement) => m?.retainedKb ?? Number.NaN;
      if (!withOld) return [caseName(row), mb(peak(n)), mb(retained(n))];
      return [
        caseName(row),
        mb(peak(n)),
        mb(peak(o)),
        ratio(peak(n), peak(o), noise.kb),
        mb(retained(n)),
        mb(retained(o)),
        ratio(retained(n), retained(o), noise.kb),
      ];
    }),
  );
}

function loopTable(rows: readonly Row[], withOld: boolean): string {
  const columns: [string, (m: Measurement) => number][] = [
    ['max stall ms', (m) => m.maxStallMs],
    ['p99 stall ms', (m) => m.p99StallMs],
    ['longest task CPU ms', (m) => m.maxTaskCpuMs],
    ['longest GC ms', (m) => m.maxGcMs],
  ];
  const headers = ['request', ...columns.flatMap(([name]) => (withOld ? [`${name} new`, 'old', 'new/old'] : [name]))];
  return table(
    headers,
    rows.map((row) => {
      const [n, o] = [row.results.new, row.results.old];
      return [
        caseName(row),
        ...columns.flatMap(([, pick]) => {
          const [a, b] = [n ? pick(n) : Number.NaN, o ? pick(o) : Number.NaN];
          return withOld ? [ms(a), ms(b), ratio(a, b, noise.ms)] : [ms(a)];
        }),
      ];
    }),
  );
}

function progressLine(name: string, m: Measurement): string {
  return (
    `${name}: ${outcomeText(m)} in ${ms(slowest(m))} ms, CPU ${ms(m.cpuMs)} ms, read ${readMb(m)} MB, peak +${mb(m.peakKb)} MB, ` +
    `retained ${mb(m.retainedKb)} MB (JS live ${mb(m.heapRetainedKb)} MB, V8 heapTotal ${mb(m.heapTotalRetainedKb)} MB), max stall ${ms(m.maxStallMs)} ms (longest task ${ms(m.maxTaskCpuMs)} ms CPU, longest GC ${ms(m.maxGcMs)} ms)`
  );
}

// ------------------------------------------------------------------------------------------------- main

async function git(root: string, ...args: string[]): Promise<string> {
  return (await run('git', args, { cwd: root })).stdout.trim();
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const scratch = mkdtempSync(join(tmpdir(), 'imwsi-edge-bench-'));
  const loadBefore = loadavg()[0]!;
  let oldProblem: string | undefined;
  if (options.old && !existsSync(join(options.oldRoot, 'src/soap/envelope-check.ts'))) {
    oldProblem =
      `no worktree of the previous edge at ${options.oldRoot}: git worktree add ${options.oldRoot} ${options.oldCommit} && ` +
      `ln -s ${join(repoRoot, 'node_modules')} ${join(options.oldRoot, 'node_modules')}`;
  } else if (options.old && !existsSync(join(options.oldRoot, 'node_modules'))) {
    oldProblem = `${options.oldRoot} has no node_modules: ln -s ${join(repoRoot, 'node_modules')} ${join(options.oldRoot, 'node_modules')}`;
  }
  if (oldProblem) step(`previous edge not measured: ${oldProblem}`);
  const withOld = options.old && !oldProblem;

  step('preparing databases (alice, bob) and request bodies');
  const edges: Edge[] = [
    { name: 'new', root: repoRoot, template: await prepareTemplate(repoRoot, mkdtempSync(join(scratch, 'template-new-'))) },
  ];
  if (withOld)
    edges.push({
      name: 'old',
      root: options.oldRoot,
      template: await prepareTemplate(options.oldRoot, mkdtempSync(join(scratch, 'template-old-'))),
    });
  fill();
  megabyteContent();
  manySmallElements();
  gzipBombMiddle();

  const runCase = async (c: Case, count: number): Promise<Row> => {
    const name = `${count > 1 ? `${count}x ` : ''}${c.key}`;
    step(`${name}: ${c.label} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    const servers = await Promise.all(edges.map((edge) => startServer(edge, scratch)));
    const results: Row['results'] = {};
    try {
      for (const server of servers) await warmUp(server);
      for (const [i, server] of servers.entries()) {
        const edge = edges[i]!;
        const specs = Array.from({ length: count }, () => c.build());
        const m = await measure(server, specs);
        results[edge.name] = m;
        process.stderr.write(`    ${progressLine(edge.name, m)}\n`);
        for (let again = 2; again <= options.repeat; again++) {
          const next = await measure(
            server,
            Array.from({ length: count }, () => c.build()),
          );
          process.stderr.write(
            `    ${progressLine(`${edge.name} #${again}`, next)}; RSS ${mb(next.baseKb + next.retainedKb - m.baseKb)} MB above the first baseline\n`,
          );
        }
      }
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
    return { key: c.key, label: c.label, count, results };
  };

  const selected = cases.filter((c) => !options.only || options.only.has(c.key) || options.only.has(c.key.split(' ')[0]!));
  const single: Row[] = [];
  for (const c of selected) single.push(await runCase(c, 1));
  const parallel: Row[] = [];
  if (!options.only) for (const key of parallelKeys) parallel.push(await runCase(cases.find((c) => c.key === key)!, 4));

  const loadAfter = loadavg()[0]!;
  const head = await git(repoRoot, 'rev-parse', '--short', 'HEAD');
  const dirty = (await git(repoRoot, 'status', '--porcelain', '--', 'src')).length > 0;
  const oldHead = withOld ? await git(options.oldRoot, 'rev-parse', '--short', 'HEAD') : undefined;
  const out: string[] = [];
  out.push(
    `Edge under attack (npm run bench:edge), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, node ${process.versions.node}, ` +
      `${cpus().length} cores, load average ${loadBefore.toFixed(1)} -> ${loadAfter.toFixed(1)}, ${((Date.now() - started) / 1000).toFixed(0)} s. ` +
      `new = ${head}${dirty ? ' (src/ modified)' : ''}; ${withOld ? `old = ${oldHead} (express.raw + saxes pre-check + node soap server)` : `old: not measured (${oldProblem ?? '--no-old'})`}. ` +
      `Default limits (requestBytes 16 MiB, preAuthChars 65,536). Each request on a fresh, warmed-up server process.`,
    '',
    'Single requests: answer (HTTP status and fault code), time to answer, bytes the server read:',
    '',
    outcomeTable(single, withOld),
    '',
    'Single requests: server RSS above the settled RSS before the request:',
    '',
    memoryTable(single, withOld),
    '',
    'Single requests: server event loop:',
    '',
    loopTable(single, withOld),
  );
  if (parallel.length) {
    out.push(
      '',
      '4 requests at once:',
      '',
      outcomeTable(parallel, withOld),
      '',
      memoryTable(parallel, withOld),
      '',
      loopTable(parallel, withOld),
    );
  }
  const bases = single.flatMap((row) => Object.entries(row.results).map(([edge, m]) => [edge, m!.baseKb] as const));
  const baseOf = (edge: string) => bases.filter(([e]) => e === edge).map(([, kb]) => kb);
  out.push(
    '',
    `- settled RSS before a request (warmed-up server): new ${mb(Math.min(...baseOf('new')))}-${mb(Math.max(...baseOf('new')))} MB` +
      (withOld ? `, old ${mb(Math.min(...baseOf('old')))}-${mb(Math.max(...baseOf('old')))} MB` : ''),
    `- peak: VmHWM after /proc/<pid>/clear_refs, minus that settled RSS; retained: RSS after the answer and three full GCs, minus the same`,
    `- stall: lateness of the server's 10 ms event-loop timer (monitorEventLoopDelay) from the request's first byte to 150 ms after the answer; ` +
      `wall-clock, so it grows with the machine's load; p99 is over timer ticks and equals the max when there were fewer than 100`,
    `- CPU ms: server user + system time meanwhile (/proc/<pid>/stat, 10 ms ticks), independent of the load`,
    `- longest task: the most server CPU time between two ticks of a 10 ms interval timer (process.cpuUsage): how long its own code held ` +
      `the loop, independent of the load; longest GC: PerformanceObserver 'gc'`,
    `- read MB: /proc/<pid>/io rchar of the server meanwhile (socket reads, plus SQLite's own reads): how much of the body it took in`,
    `- f: ${(smallMessages * (recipientsPerMessage + 2)).toLocaleString('en-US')} elements (${smallMessages} messages x 1,000 recipients, all the unknown address u@example.com)`,
  );
  const resets = [...single, ...parallel]
    .flatMap((row) => Object.values(row.results).flatMap((m) => m!.outcomes))
    .filter((o) => /EPIPE|ECONNRESET/.test(o.answer));
  if (resets.length)
    out.push(
      `- no answer: EPIPE/ECONNRESET (${resets.length} here): the connection was reset before the client read an answer. A gateway that refuses a ` +
        `request early writes its fault and closes at once, the rest of the body unread, so the kernel's reset can overtake the fault`,
    );
  process.stdout.write(out.join('\n') + '\n');
  if (!options.keep) rmSync(scratch, { recursive: true, force: true });
  else step(`kept ${scratch}`);
}

await main();
