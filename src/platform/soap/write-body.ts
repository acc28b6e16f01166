// The one place a SOAP response body leaves the gateway: results, faults and parked long polls all end here,
// as one writeHead and one res.end with a Content-Length (never chunked, never two writes). Response
// compression plugs in here, where the request (res.req, its Accept-Encoding) and the whole body are at hand.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

export function writeBody(res: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: string): void {
  res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
