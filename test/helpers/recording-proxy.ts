// An HTTP proxy in front of a peer gateway that records what reached it: the clientMessageId of every
// message in every SendMessages it passed on, so a test can tell how often each forwarded message was sent
// (the peer itself de-duplicates by clientMessageId and would hide a second send), and the size of every
// DeliverSocialEvents batch.
import { createServer } from 'node:http';

export interface RecordingProxy {
  readonly url: string;
  /** clientMessageId -> how many SendMessages requests carried it to the peer. */
  readonly sent: ReadonlyMap<string, number>;
  /** Every DeliverSocialEvents request passed on: its body's bytes and its events. */
  readonly socialBatches: readonly { readonly bytes: number; readonly events: number }[];
  close(): Promise<void>;
}

export async function recordingProxy(target: string): Promise<RecordingProxy> {
  const sent = new Map<string, number>();
  const socialBatches: { bytes: number; events: number }[] = [];
  const server = createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const xml = body.toString('utf8');
      if (req.method === 'POST' && /DeliverSocialEvents>/.test(xml))
        socialBatches.push({ bytes: body.length, events: [...xml.matchAll(/<(?:[\w-]+:)?eventId>/g)].length });
      if (req.method === 'POST' && /SendMessages>/.test(xml)) {
        for (const match of xml.matchAll(/<(?:[\w-]+:)?clientMessageId>([^<]+)</g)) sent.set(match[1]!, (sent.get(match[1]!) ?? 0) + 1);
      }
      const upstream = await fetch(`${target}${req.url}`, {
        method: req.method ?? 'GET',
        headers: Object.fromEntries(
          Object.entries(req.headers).filter(([k]) => k !== 'content-length' && k !== 'connection') as [string, string][],
        ),
        body: req.method === 'POST' ? body : null,
      });
      const answer = Buffer.from(await upstream.arrayBuffer());
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/xml' }).end(answer);
    } catch {
      res.socket?.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    socialBatches,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
