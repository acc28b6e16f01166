// The second do-nothing reference: node's plain `http` server answering a fixed SOAP response per request
// shape, with no SOAP stack at all (no express, no parse, no serializer). It reads the whole body, picks the
// response by the operation's name and the number of messages (a scan for two strings, not a parse), and
// writes bytes prepared at start-up in one res.end. What the gateway costs above it is what SOAP, security
// and storage add to HTTP; what node soap's do-nothing server costs above it is what node soap adds.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { responseEnvelope } from '../src/platform/soap/response-writer.js';
import { readWsdl } from '../src/platform/soap/wsdl-file.js';
import { readServiceSchema } from '../src/platform/soap/wsdl-schema.js';
import { ackMessagesResult, getMessagesResult, sendMessagesResult } from './do-nothing-results.js';

const schema = readServiceSchema(readWsdl('InstantMessaging').text);
const prepared = new Map<string, Buffer>();

/** The response bytes for one shape, written by the gateway's own writer once, then reused. */
function fixed(operation: string, n: number, result: () => object): Buffer {
  const key = `${operation} ${n}`;
  let body = prepared.get(key);
  if (!body) {
    body = Buffer.from(responseEnvelope(schema, operation, result(), '1.1'));
    prepared.set(key, body);
  }
  return body;
}

function occurrences(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

function answer(request: string): Buffer {
  if (request.includes('SendMessages>')) {
    const n = occurrences(request, 'message>') / 2;
    return fixed('SendMessages', n, () => sendMessagesResult(n));
  }
  if (request.includes('GetMessages>')) {
    const max = Number(/maxMessages>(\d+)</.exec(request)?.[1] ?? 1000);
    return fixed('GetMessages', max, () => getMessagesResult(max));
  }
  return fixed('AckMessages', 0, ackMessagesResult);
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = answer(Buffer.concat(chunks).toString('utf8'));
    res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': body.length });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`plain http listening on http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
