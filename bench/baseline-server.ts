// The do-nothing server: node soap 1.13 + express 5 serving the same wsdl/InstantMessaging.wsdl, with
// handlers that return constant responses (no auth, no storage, no envelope pre-check). It measures the
// SOAP ceiling of this machine; every gateway figure is also given as a ratio to it.
// Responses have the shape of the real ones (one result per message sent, maxMessages messages returned),
// so both servers serialize the same amount of XML and the ratio isolates what the gateway adds.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import * as soap from 'soap';
import { readWsdl, servedWsdl } from '../src/platform/soap/wsdl-file.js';

const path = '/wsi/InstantMessaging';
const wsdl = readWsdl('InstantMessaging');
const at = '2026-11-25T09:00:00.000Z';

const sendResult = {
  messageId: '00000000-0000-4000-8000-000000000000',
  expiresAt: at,
  recipientResult: [{ address: 'receiver@example.com', status: 'queued' }],
};

const inboxMessage = (i: number) => ({
  messageId: '00000000-0000-4000-8000-000000000000',
  sequenceNumber: i + 1,
  kind: 'message',
  sender: 'sender@example.com',
  recipient: ['receiver@example.com'],
  contentType: 'text/plain; charset=utf-8',
  content: Buffer.from('bench message 0000000').toString('base64'),
  priority: 'normal',
  sentAt: at,
  receivedAt: at,
  expiresAt: at,
  redelivered: false,
  deliveryCount: 1,
});
const inbox = Array.from({ length: 1000 }, (_, i) => inboxMessage(i));

const count = (value: unknown): number => (Array.isArray(value) ? value.length : value === undefined ? 0 : 1);

const operations = {
  SendMessages: (args: { message?: unknown }) => ({ result: Array.from({ length: Math.max(1, count(args.message)) }, () => sendResult) }),
  GetMessages: (args: { maxMessages?: unknown }) => {
    const n = Math.min(Number(args.maxMessages ?? 1000) || 1000, inbox.length);
    return { message: inbox.slice(0, n), pending: 0, ackToken: 'constant-ack-token', leaseExpiresAt: at };
  },
  AckMessages: () => ({ acknowledged: 0 }),
  GetDeliveryStatus: () => ({
    messageId: sendResult.messageId,
    status: [{ address: 'receiver@example.com', status: 'queued', updatedAt: at }],
  }),
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
