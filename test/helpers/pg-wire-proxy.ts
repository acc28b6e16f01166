// A TCP proxy in front of PostgreSQL that reads what the client sends (the frontend messages of the wire
// protocol, v3) and passes every byte on unchanged: which statements each connection parsed (Parse, with the
// statement's name, empty for the unnamed one), executed (Bind, naming the statement it binds) or sent as a
// simple query. A test sees from it whether statements are prepared once per connection or parsed every time.
import { connect, createServer, type Socket } from 'node:net';

export type FrontendMessage =
  | { readonly type: 'parse'; readonly name: string; readonly text: string }
  | { readonly type: 'bind'; readonly statement: string }
  | { readonly type: 'query'; readonly text: string };

export interface PgWireProxy {
  /** postgres://… through the proxy, to the database `url` names. */
  urlFor(url: string): string;
  /** Per connection, in order, what the client sent. */
  readonly connections: readonly (readonly FrontendMessage[])[];
  close(): Promise<void>;
}

// Startup-phase requests answered with one byte, after which the client sends its real startup message.
const sslRequest = 80877103;
const gssEncRequest = 80877104;

const cString = (buffer: Buffer, from: number) => {
  const end = buffer.indexOf(0, from);
  return { value: buffer.toString('utf8', from, end), next: end + 1 };
};

/** Reads the frontend stream of one connection into `messages`. */
function frontendReader(messages: FrontendMessage[]): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  let started = false;
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      if (!started) {
        if (pending.length < 8) return;
        const length = pending.readInt32BE(0);
        if (pending.length < length) return;
        const code = pending.readInt32BE(4);
        started = code !== sslRequest && code !== gssEncRequest;
        pending = pending.subarray(length);
        continue;
      }
      if (pending.length < 5) return;
      const length = pending.readInt32BE(1);
      if (pending.length < 1 + length) return;
      const type = String.fromCharCode(pending[0]!);
      const body = pending.subarray(5, 1 + length);
      if (type === 'P') {
        const name = cString(body, 0);
        messages.push({ type: 'parse', name: name.value, text: cString(body, name.next).value });
      } else if (type === 'B') {
        const portal = cString(body, 0);
        messages.push({ type: 'bind', statement: cString(body, portal.next).value });
      } else if (type === 'Q') {
        messages.push({ type: 'query', text: cString(body, 0).value });
      }
      pending = pending.subarray(1 + length);
    }
  };
}

export async function pgWireProxy(target = { host: '127.0.0.1', port: 5432 }): Promise<PgWireProxy> {
  const connections: FrontendMessage[][] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const messages: FrontendMessage[] = [];
    connections.push(messages);
    const upstream = connect(target);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    const read = frontendReader(messages);
    client.on('data', (chunk: Buffer) => {
      read(chunk);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    urlFor(url) {
      const through = new URL(url);
      through.hostname = '127.0.0.1';
      through.port = String(port);
      return through.toString();
    },
    connections,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
