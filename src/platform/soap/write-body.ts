// The one place a SOAP response body leaves the gateway: results, faults and parked long polls all end here,
// as one writeHead and one res.end with a Content-Length (never chunked, never two writes). Compressed when
// the client accepts gzip and the body is large enough (platform/http/compression.ts).
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { encodeResponse } from '../http/compression.js';

export function writeBody(res: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: string): void {
  const encoded = encodeResponse(res.req, body);
  res.writeHead(status, { ...headers, ...encoded.headers, 'Content-Length': Buffer.byteLength(encoded.body) });
  res.end(encoded.body);
}
