// An HTTP client for hostile requests, where fetch is too polite: a fresh connection per request, bodies
// streamed with backpressure, the answer taken as soon as it arrives (the server may answer and close before
// it has read a large body: the write errors that follow are expected), raw sockets for lying headers, and
// every answer read only up to a cap so a runaway response cannot hang or flood the test.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';

export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Bytes of the response body (counted to the cap). */
  readonly bytes: number;
  /** Milliseconds from the start of the request to the end of the answer. */
  readonly ms: number;
}

/** More than any fault may be: an answer this big is cut, and fails the size assertion anyway. */
const readCap = 1 << 20;

export type Body = string | Uint8Array | (() => Iterable<Uint8Array | string>);

export interface RequestOptions {
  readonly method?: string | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly body?: Body | undefined;
  /** Give up (reject) after this long. */
  readonly timeoutMs?: number;
}

/** One request on its own connection. A body given as a generator is sent chunked unless a Content-Length is set. */
export function send(url: string, options: RequestOptions = {}): Promise<Reply> {
  const started = performance.now();
  const target = new URL(url);
  const body = options.body;
  const headers: Record<string, string> = { 'content-type': 'text/xml; charset=utf-8', ...options.headers };
  if (typeof body === 'string' || body instanceof Uint8Array) headers['content-length'] ??= String(Buffer.byteLength(body));
  return new Promise<Reply>((resolve, reject) => {
    let answered = false;
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: options.method ?? 'POST',
        headers,
        agent: false,
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes <= readCap) chunks.push(chunk);
          else res.destroy();
        });
        const done = () => {
          clearTimeout(timer);
          req.destroy();
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            bytes,
            ms: performance.now() - started,
          });
        };
        res.on('end', done);
        res.on('close', done);
        res.on('error', () => undefined);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer within ${options.timeoutMs ?? 20_000} ms`));
    }, options.timeoutMs ?? 20_000);
    req.on('error', (error) => {
      // The server answered before it read the whole body and closed: the answer is what counts.
      if (!answered) {
        clearTimeout(timer);
        reject(error);
      }
    });
    if (typeof body === 'function') void pump(req, body, () => answered);
    else req.end(body);
  });
}

/** Writes a generated body with backpressure, and stops as soon as the server has answered. */
async function pump(
  req: ReturnType<typeof httpRequest>,
  body: () => Iterable<Uint8Array | string>,
  answered: () => boolean,
): Promise<void> {
  for (const chunk of body()) {
    if (answered() || req.destroyed) return;
    if (!req.write(chunk)) {
      await new Promise<void>((resolve) => {
        const go = () => {
          req.off('drain', go);
          req.off('close', go);
          resolve();
        };
        req.once('drain', go);
        req.once('close', go);
      });
    }
  }
  if (!answered() && !req.destroyed) req.end();
}

/**
 * Writes `head` (request line and headers, as given) and `bytes` on a raw socket and reads one answer, without
 * ever sending more: for headers that promise more than is sent. Interim 1xx answers are skipped.
 */
export function rawExchange(url: string, head: string, bytes: Uint8Array | string = '', timeoutMs = 5_000): Promise<Reply> {
  const started = performance.now();
  const target = new URL(url);
  return new Promise<Reply>((resolve, reject) => {
    const socket = connect(Number(target.port), target.hostname);
    let data = Buffer.alloc(0);
    const timer = setTimeout(
      () => finish(new Error(`no complete answer within ${timeoutMs} ms: ${data.toString('latin1').slice(0, 200)}`)),
      timeoutMs,
    );
    const finish = (error?: Error, reply?: Reply) => {
      clearTimeout(timer);
      socket.destroy();
      if (reply) resolve(reply);
      else reject(error);
    };
    const tryParse = (closed: boolean) => {
      let text = data.toString('latin1');
      // Skip interim answers (100 Continue).
      while (/^HTTP\/1\.1 1\d\d /.test(text) && text.includes('\r\n\r\n')) text = text.slice(text.indexOf('\r\n\r\n') + 4);
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return closed ? finish(new Error(`connection closed without an answer: ${text.slice(0, 200)}`)) : undefined;
      const lines = text.slice(0, end).split('\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
      const headers: IncomingHttpHeaders = {};
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const raw = Buffer.from(text.slice(end + 4), 'latin1');
      const length = Number(headers['content-length'] ?? NaN);
      if (Number.isFinite(length) ? raw.length < length : !closed) return undefined;
      const body = Number.isFinite(length) ? raw.subarray(0, length) : raw;
      finish(undefined, { status, headers, body: body.toString('utf8'), bytes: body.length, ms: performance.now() - started });
    };
    socket.on('connect', () => {
      socket.write(head);
      if (bytes.length) socket.write(bytes);
    });
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      tryParse(false);
    });
    socket.on('error', () => tryParse(true));
    socket.on('close', () => tryParse(true));
  });
}
