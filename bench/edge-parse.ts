// npm run bench:edge-parse: CPU per request of the SOAP edge alone, in-process, no HTTP and no database.
// imwsi: one strict parse (RequestParser, decoding against the schema) and the schema-driven response writer.
// Reference, measured in the same run on the same envelopes: the path issue 7 replaced, i.e. a saxes pass over
// the request (the old envelope pre-check) plus node soap's own parse (WSDL.xmlToObject) and its serializer
// (WSDL.objectToDocumentXML), which is what node soap's server did per request.
import { performance } from 'node:perf_hooks';
import { SaxesParser } from 'saxes';
import * as soap from 'soap';
import { configWith } from '../src/platform/config.js';
import { parserLimitsOf } from '../src/platform/soap/parser-limits.js';
import { RequestParser, type EndpointRules } from '../src/platform/soap/request-parser.js';
import { responseEnvelope } from '../src/platform/soap/response-writer.js';
import { readWsdl, wsdlDirectory } from '../src/platform/soap/wsdl-file.js';
import { readServiceSchema } from '../src/platform/soap/wsdl-schema.js';
import { getMessages, sendMessages } from './envelopes.js';
import { table } from './stats.js';

const who = { address: 'alice@example.com', password: 'alice-password' };
const wsdl = readWsdl('InstantMessaging');
const schema = readServiceSchema(wsdl.text);
const rules: EndpointRules = {
  version: '1.1',
  schema,
  operations: new Set(wsdl.operations),
  limits: parserLimitsOf(configWith({})),
};

const sendResult = (n: number) => ({
  result: Array.from({ length: n }, (_, i) => ({
    messageId: `01a22c45-6fb1-733f-83da-396fd2a87e${String(i).padStart(2, '0')}`,
    expiresAt: '2026-12-07T11:44:37.769Z',
    recipientResult: [{ address: 'bob@example.com', status: 'queued' }],
  })),
});

interface Case {
  readonly name: string;
  readonly operation: string;
  readonly request: string;
  readonly result: object;
}

const cases: Case[] = [
  {
    name: 'SendMessages, 1 message',
    operation: 'SendMessages',
    request: sendMessages(who, [{ recipient: 'bob@example.com', text: 'hello bob' }]),
    result: sendResult(1),
  },
  {
    name: 'SendMessages, 100 messages',
    operation: 'SendMessages',
    request: sendMessages(
      who,
      Array.from({ length: 100 }, (_, i) => ({ recipient: 'bob@example.com', text: `message ${i} `.repeat(8) })),
    ),
    result: sendResult(100),
  },
  {
    name: 'GetMessages (empty)',
    operation: 'GetMessages',
    request: getMessages(who, { maxMessages: 10, waitSeconds: 0 }),
    result: { pending: 0 },
  },
];

/** Each step of a request's way through an edge, measured alone: which parse or serializer costs what. */
interface Steps {
  readonly parse: (c: Case) => void;
  readonly serialize: (c: Case) => void;
}

const imwsiSteps: Steps = {
  parse(c) {
    const parser = new RequestParser(rules);
    parser.write(c.request);
    parser.resume();
    parser.end();
  },
  serialize: (c) => void responseEnvelope(schema, c.operation, c.result, '1.1'),
};

/** The path issue 7 replaced: the saxes pre-check, node soap's own parse, node soap's serializer. */
async function nodeSoapSteps(): Promise<Steps & { readonly precheck: (c: Case) => void }> {
  const client = await soap.createClientAsync(`${wsdlDirectory}/InstantMessaging.wsdl`);
  const nodeWsdl = (
    client as unknown as {
      wsdl: { xmlToObject(xml: string): unknown; objectToDocumentXML(name: string, params: object, alias: string, ns: string): string };
    }
  ).wsdl;
  return {
    precheck(c) {
      const pre = new SaxesParser({ xmlns: true, position: true });
      pre.write(c.request).close();
    },
    parse: (c) => void nodeWsdl.xmlToObject(c.request),
    serialize(c) {
      const body = nodeWsdl.objectToDocumentXML(`${c.operation}Response`, c.result, 'tns', schema.namespace);
      void `<soap:Envelope><soap:Body>${body}</soap:Body></soap:Envelope>`;
    },
  };
}

/** CPU microseconds per call: runs for about `ms` after a warm-up, best of three rounds. */
function measure(run: () => void, ms: number): number {
  for (let i = 0; i < 200; i++) run();
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    const startCpu = process.cpuUsage();
    const until = performance.now() + ms;
    let calls = 0;
    while (performance.now() < until) {
      run();
      calls++;
    }
    const cpu = process.cpuUsage(startCpu);
    best = Math.min(best, (cpu.user + cpu.system) / calls);
  }
  return best;
}

const old = await nodeSoapSteps();
const seconds = Number(process.argv.find((a) => a.startsWith('--ms='))?.slice(5) ?? 700);
const rows: string[][] = [];
const us = (n: number) => n.toFixed(1);
for (const c of cases) {
  process.stderr.write(`  ${c.name} ...\n`);
  const parse = measure(() => imwsiSteps.parse(c), seconds);
  const serialize = measure(() => imwsiSteps.serialize(c), seconds);
  const precheck = measure(() => old.precheck(c), seconds);
  const soapParse = measure(() => old.parse(c), seconds);
  const soapSerialize = measure(() => old.serialize(c), seconds);
  const mine = parse + serialize;
  const theirs = precheck + soapParse + soapSerialize;
  rows.push([
    c.name,
    String(c.request.length),
    us(parse),
    us(serialize),
    us(mine),
    us(precheck),
    us(soapParse),
    us(soapSerialize),
    us(theirs),
    `${(mine / theirs).toFixed(2)}x`,
  ]);
}
console.log(`\nSOAP edge CPU per request, in-process, µs (node ${process.version}, ${new Date().toISOString()})\n`);
console.log(
  table(
    [
      'request',
      'bytes',
      'imwsi parse',
      'imwsi serialize',
      'imwsi edge',
      'old: saxes pre-check',
      'old: node soap parse',
      'old: node soap serialize',
      'old edge',
      'ratio',
    ],
    rows,
  ),
);
