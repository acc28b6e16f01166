// What every hostile request must get, whatever it was: the expected answer, no internal error text, a small
// response, nothing written, and a gateway that still serves. Shared by the corpus and the throttle tests.
import type { ExecutionContext } from 'ava';
import knex from 'knex';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import type { TestGateway } from '../helpers/gateway.js';
import type { Reply } from './edge-client.js';
import { send } from './edge-client.js';
import { pathOf, soapEnvelope, token } from './envelopes.js';

/** A fault (or any answer) to hostile input stays below this, whatever the input's size. */
export const maxAnswerBytes = 4096;

/** Text that only an internal error would put in an answer: stack frames, source paths, JS error names. */
export const leakPattern =
  /\bat \S+ \(|\n\s+at |node_modules|\.ts:\d+|\.js:\d+|TypeError|ReferenceError|RangeError|SyntaxError|AggregateError|ERR_[A-Z_]+|SQLITE_|knex|better-sqlite3/;

export interface FaultParts {
  /** The Parlay X messageId of the detail, if any. */
  readonly messageId: string | undefined;
  /** The SOAP fault code: faultcode (1.1) or Code/Value (1.2). */
  readonly faultCode: string | undefined;
  /** faultstring (1.1) or Reason/Text (1.2). */
  readonly reason: string | undefined;
  readonly hasDetail: boolean;
}

export function faultParts(body: string): FaultParts {
  return {
    messageId: /<(?:\w+:)?messageId>([^<]+)</.exec(body)?.[1],
    faultCode: /<faultcode>([^<]+)<\/faultcode>/.exec(body)?.[1] ?? /<soap:Value>([^<]+)<\/soap:Value>/.exec(body)?.[1],
    reason: /<faultstring>([^<]*)<\/faultstring>/.exec(body)?.[1] ?? /<soap:Text[^>]*>([^<]*)<\/soap:Text>/.exec(body)?.[1],
    hasDetail: /<(detail|soap:Detail)>/.test(body),
  };
}

/** Row counts of every table a request could write, except the nonce log and presence activity. */
export function tableCounter(gateway: TestGateway): { counts(): Promise<Record<string, number>>; close(): Promise<void> } {
  // A second, read-only connection to the gateway's SQLite file (WAL: it reads beside the gateway's writer).
  const db = knex({
    client: 'better-sqlite3',
    connection: { filename: join(gateway.dir, 'imwsi.sqlite'), options: { readonly: true } },
    useNullAsDefault: true,
  });
  let tables: Promise<string[]> | undefined;
  return {
    async counts() {
      tables ??= db('sqlite_master')
        .where({ type: 'table' })
        .pluck('name')
        .then((names: string[]) => names.filter((name) => !/^(used_nonces|presence|knex_migrations.*|sqlite_.*)$/.test(name)));
      const counts: Record<string, number> = { 'inbox depth': await gateway.store.inbox.depth() };
      for (const name of await tables) counts[name] = Number((await db(name).count({ n: '*' }))[0]?.n ?? NaN);
      return counts;
    },
    close: () => db.destroy(),
  };
}

export interface Expectation {
  /** A Parlay X code, 'OK' for HTTP 200 without a fault, 'HTTP405' for a refused method. */
  readonly code: string;
  readonly status?: number | undefined;
  readonly path: string;
}

/** The answer is what was expected, carries no internal error text, and is small. */
export function assertAnswer(t: ExecutionContext, reply: Reply, expected: Expectation): void {
  const version = expected.path.endsWith('/soap12') ? '1.2' : '1.1';
  const context = `HTTP ${reply.status}: ${reply.body.slice(0, 600)}`;
  t.notRegex(reply.body, leakPattern, context);
  t.notRegex(JSON.stringify(reply.headers), leakPattern);
  t.true(reply.bytes < maxAnswerBytes, `answer of ${reply.bytes} bytes`);
  if (expected.code === 'OK') {
    t.is(reply.status, expected.status ?? 200, context);
    t.notRegex(reply.body, /:Fault>/, context);
    t.is(wellFormed(reply.body), undefined, context);
    return;
  }
  if (expected.code === 'HTTP405') {
    t.is(reply.status, 405, context);
    t.regex(String(reply.headers.allow ?? ''), /\bPOST\b/);
    return;
  }
  t.is(reply.status, expected.status ?? 500, context);
  t.regex(String(reply.headers['content-type'] ?? ''), version === '1.1' ? /^text\/xml/ : /^application\/soap\+xml/);
  t.is(wellFormed(reply.body), undefined, context);
  const fault = faultParts(reply.body);
  t.is(fault.reason?.slice(0, expected.code.length + 2), `${expected.code}: `, context);
  if (expected.code === 'SVC1011') {
    // SOAP 1.1 4.4 and 1.2 5.4.6: a header problem has no detail; the code is MustUnderstand.
    t.is(fault.faultCode, 'soap:MustUnderstand', context);
    t.false(fault.hasDetail, context);
    t.is(fault.messageId, undefined);
  } else {
    t.is(fault.messageId, expected.code, context);
    t.regex(fault.faultCode ?? '', version === '1.1' ? /^soap:(Client|Server)$/ : /^soap:(Sender|Receiver)$/, context);
  }
}

/** Why `xml` is not a well-formed XML 1.0 document, or undefined: a fault must be readable whatever it echoes. */
export function wellFormed(xml: string): string | undefined {
  let problem: string | undefined;
  const parser = new SaxesParser({ xmlns: true });
  parser.on('error', (error) => void (problem ??= error.message));
  parser.write(xml).close();
  return problem;
}

/** A cheap valid request (carol reads her empty inbox) answers 200. */
export async function assertServing(t: ExecutionContext, gateway: TestGateway, user = 'carol@example.com'): Promise<void> {
  const reply = await send(gateway.url + pathOf('InstantMessaging'), { body: soapEnvelope({ security: token(user) }) });
  t.is(reply.status, 200, `the gateway no longer serves: ${reply.body.slice(0, 300)}`);
  t.regex(reply.body, /<(\w+:)?pending>0</);
}
