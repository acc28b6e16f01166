// The request body as a stream of text: size-limited before and while reading (a Content-Length over the
// limit is refused without reading a byte), inflated when gzip or deflate, and decoded strictly as UTF-8 or
// UTF-16, the two encodings WS-I Basic Profile 1.1 (R1012) allows: with or without a byte order mark, the
// byte order of BOM-less UTF-16 taken from the leading '<' (XML 1.0 Appendix F). Nothing else is accepted.
// The body is never held whole: each chunk is decoded and handed on, so the parser sees it once.
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import { AppError } from '../../kernel/errors.js';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** Faults go out with HTTP 500 except a body over the limit (413) and an unknown Content-Encoding (415). */
export const httpStatusOf = (error: AppError): number => (error.code === 'POL1003' ? 413 : error.code === 'SVC1015' ? 415 : 500);

const tooLarge = (size: number | string, limit: number) => new AppError('POL1003', [size, limit]);

function inflated(req: IncomingMessage): Readable {
  const coding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (coding === 'identity' || coding === '') return req;
  if (coding === 'gzip' || coding === 'x-gzip') return req.pipe(createGunzip());
  if (coding === 'deflate') return req.pipe(createInflate());
  throw new AppError('SVC1015', [coding]);
}

/** The charset parameter of the Content-Type, lower-cased, if any. */
function declaredCharset(req: IncomingMessage): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '');
  return match?.[1]?.toLowerCase();
}

/** The encoding of a body from its first bytes (at least two unless the body is shorter). */
export function sniffEncoding(head: Buffer): TextEncoding {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head[0] === 0x3c && head[1] === 0x00) return 'utf-16le';
  if (head[0] === 0x00 && head[1] === 0x3c) return 'utf-16be';
  return 'utf-8';
}

function checkCharset(declared: string | undefined, actual: TextEncoding): void {
  if (declared === undefined) return;
  const family = declared === 'utf-8' || declared === 'utf8' ? 'utf-8' : /^utf-16(le|be)?$/.test(declared) ? 'utf-16' : undefined;
  if (!family) throw new AppError('SVC1009', [declared]);
  // utf-16le and utf-16be name the byte order as well: it must be the one the body has.
  const exact = declared === 'utf-16le' || declared === 'utf-16be';
  if (family !== actual.slice(0, family.length) || (exact && declared !== actual))
    throw new AppError('SVC1009', [`${declared} (the body is ${actual})`]);
}

/**
 * Refuses at once what the headers already show is wrong: a Content-Length over the limit, an unknown
 * Content-Encoding or charset. Called before the body is read.
 */
export function checkRequestHeaders(req: IncomingMessage, limit: number): void {
  const length = Number(req.headers['content-length']);
  if (Number.isFinite(length) && length > limit) throw tooLarge(length, limit);
  const charset = declaredCharset(req);
  if (charset !== undefined && !/^(utf-?8|utf-16(le|be)?)$/.test(charset)) throw new AppError('SVC1009', [charset]);
}

/** Yields the body as text. Throws SVC1001 for an empty body, POL1003 past the limit, SVC1002 for bad bytes. */
export async function* requestText(req: IncomingMessage, limit: number): AsyncGenerator<string> {
  const source = inflated(req);
  let decoder: TextDecoder | undefined;
  let head = Buffer.alloc(0);
  let total = 0;
  let started = false;
  // The decoder drops one byte order mark and saxes would silently drop a second, which an XML parser refuses
  // (a character before the root element): the sender's parser and ours would read different documents.
  const checked = (text: string): string => {
    if (!started && text.charCodeAt(0) === 0xfeff) throw new AppError('SVC1002', ['a second byte order mark']);
    started = true;
    return text;
  };
  try {
    // Not destroyed when the parse stops early: the edge drains what the client still sends (operation.ts).
    for await (const chunk of source.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limit) throw tooLarge(`more than ${limit}`, limit);
      let bytes = chunk;
      if (!decoder) {
        head = Buffer.concat([head, chunk]);
        if (head.length < 2) continue;
        const encoding = sniffEncoding(head);
        checkCharset(declaredCharset(req), encoding);
        decoder = new TextDecoder(encoding, { fatal: true });
        bytes = head;
      }
      const text = decoder.decode(bytes, { stream: true });
      if (text) yield checked(text);
    }
    if (!decoder) {
      if (head.length === 0) throw new AppError('SVC1001');
      decoder = new TextDecoder('utf-8', { fatal: true });
      yield checked(decoder.decode(head));
      return;
    }
    const rest = decoder.decode();
    if (rest) yield checked(rest);
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof TypeError) throw new AppError('SVC1002', ['the body is not valid in its character encoding']);
    throw new AppError('SVC1002', ['the request body could not be read'], { cause: error });
  } finally {
    if (source !== req) source.destroy();
  }
}
