// A minimal SOAP-over-HTTP poster on node's http module with a keep-alive agent: the load generator's
// only transport. No SOAP library in the loop, so the generator stays cheap beside the server.
import { Agent, request } from 'node:http';

export interface SoapResponse {
  readonly status: number;
  readonly body: string;
}

export interface SoapPoster {
  post(path: string, xml: string, signal?: AbortSignal): Promise<SoapResponse>;
  close(): void;
}

export function soapPoster(baseUrl: string, maxSockets: number): SoapPoster {
  const url = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  return {
    post(path, xml, signal) {
      return new Promise((resolve, reject) => {
        const body = Buffer.from(xml, 'utf8');
        const req = request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            path,
            method: 'POST',
            signal,
            headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""', 'content-length': body.length },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

export async function getText(url: string): Promise<string> {
  const response = await fetch(url);
  return response.text();
}
