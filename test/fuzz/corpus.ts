// The fuzz corpus: test/fuzz/corpus/*.xml, each optionally with a sidecar <name>.json (see README.md). The test
// runs every file against every endpoint in several chunkings; the sidecar adds expected fault codes, an exact
// replay (endpoint and chunks, as the long run found it), and the known bug the replay shows.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Endpoint, endpointLabel, type FuzzCase, profiles, serviceNames, versions } from './envelope-arbitraries.js';

export const corpusDirectory = fileURLToPath(new URL('./corpus/', import.meta.url));

export interface CorpusSidecar {
  readonly note?: string;
  /** Endpoint label (Service/version/profile) -> the fault code the input gets there, or "ok". */
  readonly expect?: Readonly<Record<string, string>>;
  /** The input exactly as it failed: endpoint label and chunk lengths. */
  readonly replay?: { readonly endpoint: string; readonly chunks: readonly number[] };
  /** Id of a known parser bug (envelope-properties.ts knownBugs): the replay is test.failing until it is fixed. */
  readonly knownBug?: string;
  /** The exact text, when the .xml file cannot hold it (lone surrogates do not survive UTF-8). */
  readonly text?: string;
  /** How the long run found it. */
  readonly found?: Readonly<Record<string, unknown>>;
}

export interface CorpusEntry {
  readonly name: string;
  readonly text: string;
  readonly sidecar: CorpusSidecar;
}

export function parseEndpoint(label: string): Endpoint {
  const [service, version, profile] = label.split('/');
  if (!serviceNames.includes(service as never) || !versions.includes(version as never) || !profiles.includes(profile as never))
    throw new Error(`corpus: unknown endpoint ${label} (Service/1.1|1.2/default|tight)`);
  return { service, version, profile } as Endpoint;
}

export function loadCorpus(directory = corpusDirectory): CorpusEntry[] {
  return readdirSync(directory)
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -4);
      const sidecarFile = join(directory, `${name}.json`);
      const sidecar = existsSync(sidecarFile) ? (JSON.parse(readFileSync(sidecarFile, 'utf8')) as CorpusSidecar) : {};
      const text = sidecar.text ?? readFileSync(join(directory, file), 'utf8');
      return { name, text, sidecar };
    });
}

/** Writes a failing case as a new corpus file (and its sidecar); returns the .xml path. */
export function saveCounterexample(c: FuzzCase, prefix: string, found: Record<string, unknown>, directory = corpusDirectory): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  let name = `${prefix}-${stamp}`;
  for (let n = 2; existsSync(join(directory, `${name}.xml`)); n++) name = `${prefix}-${stamp}-${n}`;
  const exact = Buffer.from(c.text, 'utf8').toString('utf8') === c.text;
  const sidecar: CorpusSidecar = {
    note: 'Found by npm run fuzz; describe the bug here, or set knownBug.',
    replay: { endpoint: endpointLabel(c.endpoint), chunks: [...c.chunks] },
    ...(exact ? {} : { text: c.text }),
    found: { ...found, mutations: c.mutations, expected: c.expected ?? null },
  };
  writeFileSync(join(directory, `${name}.xml`), c.text);
  writeFileSync(join(directory, `${name}.json`), `${JSON.stringify(sidecar, null, 2)}\n`);
  return join(directory, `${name}.xml`);
}
