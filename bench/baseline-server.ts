// The do-nothing server: node soap 1.13 + express 5 serving the same wsdl/InstantMessaging.wsdl, with
// handlers that return constant responses (no auth, no storage, no envelope pre-check). It measures the
// SOAP ceiling of this machine; every gateway figure is also given as a ratio to it.
// Its results are the plain HTTP do-nothing server's too (do-nothing-results.ts).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import * as soap from 'soap';
import { readWsdl, servedWsdl } from '../src/platform/soap/wsdl-file.js';
import { ackMessagesResult, deliveryStatusResult, getMessagesResult, sendMessagesResult } from './do-nothing-results.js';

const path = '/wsi/InstantMessaging';
const wsdl = readWsdl('InstantMessaging');
const count = (value: unknown): number => (Array.isArray(value) ? value.length : value === undefined ? 0 : 1);

const operations = {
  SendMessages: (args: { message?: unknown }) => sendMessagesResult(count(args.message)),
  GetMessages: (args: { maxMessages?: unknown }) => getMessagesResult(Number(args.maxMessages ?? 1000) || 1000),
  AckMessages: ackMessagesResult,
  GetDeliveryStatus: deliveryStatusResult,
};

const serviceName = /<wsdl:service\s+name="([^"]+)"/.exec(wsdl.text)![1]!;
const xml = servedWsdl(wsdl.text, '1.1', 'http://localhost', path);
const portName = /<wsdl:port\s+name="([^"]+)"/.exec(xml)![1]!;

const app = express();
const server = createServer(app);
soap.listen(app, { path, services: { [serviceName]: { [portName]: operations } }, xml });
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`baseline listening on http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
