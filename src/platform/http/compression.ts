// Gzip for SOAP responses (GT-1: use bandwidth efficiently), when the client asks (Accept-Encoding) and the
// body is large enough to gain (README "Compression"). Standalone: whoever writes a whole response body (the
// SOAP edge's writeBody, a parked long poll's answer) passes it through here.
import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import { constants, gzipSync } from 'node:zlib';

/**
 * Below this a body goes as it is. An Ethernet TCP segment carries about 1,460 bytes: a body that fits one
 * already costs one packet, and gzip's 18-byte frame plus the CPU buy nothing. A one-message SendMessages
 * result or a fault is under it; a GetMessages batch, a GetPresence or directory page is above.
 */
export const gzipThresholdBytes = 1400;

/** Whether Accept-Encoding allows gzip: `gzip` or `*` with a q-value above 0 (RFC 9110 12.5.3). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  let star = false;
  for (const part of acceptEncoding.slice(0, 1024).split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const allowed = q === undefined || Number(q) > 0;
    if (name.trim() === 'gzip' || name.trim() === 'x-gzip') return allowed;
    if (name.trim() === '*') star = allowed;
  }
  return star;
}

export interface EncodedBody {
  readonly body: string | Buffer;
  readonly headers: OutgoingHttpHeaders;
}

/**
 * The body to send and the headers that describe it. Level 1, the fastest: compression runs on the event
 * loop, and SOAP markup shrinks most of what it can even there (base64 content gains about a quarter at any level).
 */
export function encodeResponse(req: IncomingMessage | undefined, body: string): EncodedBody {
  const bytes = Buffer.byteLength(body);
  if (bytes < gzipThresholdBytes) return { body, headers: {} };
  // Above the threshold the answer depends on Accept-Encoding: caches must know.
  if (!acceptsGzip(req?.headers['accept-encoding'])) return { body, headers: { Vary: 'Accept-Encoding' } };
  return {
    body: gzipSync(body, { level: constants.Z_BEST_SPEED }),
    headers: { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' },
  };
}
