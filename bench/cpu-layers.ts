// Reads a V8 CPU profile (.cpuprofile, as `node --cpu-prof` writes it) and splits the sampled time by layer of
// the gateway: each sample goes to the layer of the frame nearest the leaf that belongs to one (a V8 builtin or
// a node internal is charged to whoever called it), except that anything under a commit is the commit's.
import { readFileSync } from 'node:fs';

export const layers = ['parse', 'security', 'domain', 'SQL', 'commit', 'serialize', 'http', 'log+metrics', 'gc', 'other'] as const;
export type Layer = (typeof layers)[number];

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

// Rules by source location, first match wins; paths are those of this repository and its dependencies.
const rules: readonly (readonly [RegExp, Layer])[] = [
  [/platform\/soap\/(request-parser|fast-saxes|request-body|codec|list-limits)|node_modules\/saxes\/|node:zlib/, 'parse'],
  [/platform\/soap\/(response-writer|xml-text|faults)|platform\/http\/compress/, 'serialize'],
  [/platform\/auth\/|node:internal\/crypto|node:crypto/, 'security'],
  [/node_modules\/(knex|better-sqlite3|pg|pg-protocol|pg-pool|tarn)\/|\/knex\/|platform\/db\//, 'SQL'],
  [/src\/(modules|kernel)\/|platform\/modules\/|platform\/wake\//, 'domain'],
  [/platform\/(logger|http\/metrics)|node_modules\/(pino|prom-client|sonic-boom|thread-stream)\//, 'log+metrics'],
  [
    /node_modules\/(express|router|finalhandler|send|on-finished|body-parser|raw-body)\/|node:_http|node:http|node:net|node:internal\/(http|streams|stream_base|js_stream)|platform\/soap\/(operation|mount|long-poll)|main\/gateway/,
    'http',
  ],
];

// A frame that is a commit: knex's transaction commit, or the unit of work's (group) commit.
const commitFrame = (f: CallFrame) =>
  (/knex\/lib\/execution\/transaction/.test(f.url) && /commit/i.test(f.functionName)) ||
  (/platform\/db\//.test(f.url) && /commit/i.test(f.functionName));

function frameLayer(f: CallFrame): Layer | undefined {
  if (f.functionName === '(garbage collector)') return 'gc';
  for (const [pattern, layer] of rules) if (pattern.test(f.url)) return layer;
  return undefined;
}

export interface LayerSplit {
  /** Sampled busy time (idle excluded) per layer, microseconds. */
  readonly micros: ReadonlyMap<Layer, number>;
  readonly busyMicros: number;
  /** The frames with the most self time in each layer: "function file:line", microseconds. */
  readonly topFrames: ReadonlyMap<Layer, readonly (readonly [string, number])[]>;
  readonly samples: number;
}

/** Splits the samples taken between `fromMicros` and `toMicros` (the profile's monotonic clock) by layer. */
export function splitByLayer(file: string, fromMicros = 0, toMicros = Number.POSITIVE_INFINITY): LayerSplit {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const layerOfNode = new Map<number, Layer | 'idle'>();
  const classify = (id: number): Layer | 'idle' => {
    const known = layerOfNode.get(id);
    if (known) return known;
    const leaf = byId.get(id)!.callFrame;
    let layer: Layer | 'idle' | undefined = leaf.functionName === '(idle)' ? 'idle' : undefined;
    let nearest: Layer | undefined;
    for (let at: number | undefined = id; at !== undefined && layer === undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      if (commitFrame(frame)) layer = 'commit';
      nearest ??= frameLayer(frame);
    }
    const result = layer ?? nearest ?? 'other';
    layerOfNode.set(id, result);
    return result;
  };
  const micros = new Map<Layer, number>(layers.map((l) => [l, 0]));
  const self = new Map<number, number>();
  let t = profile.startTime;
  let busy = 0;
  let samples = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (t < fromMicros || t > toMicros) continue;
    const id = profile.samples[i]!;
    const layer = classify(id);
    if (layer === 'idle') continue;
    samples++;
    busy += dt;
    micros.set(layer, micros.get(layer)! + dt);
    self.set(id, (self.get(id) ?? 0) + dt);
  }
  const frames = new Map<Layer, Map<string, number>>();
  for (const [id, us] of self) {
    const layer = classify(id) as Layer;
    const f = byId.get(id)!.callFrame;
    // Line numbers of TypeScript sources are those of tsx's output: the function name says more.
    const where = f.url.replace(/^.*\/(node_modules|src)\//, '$1/') || '(native)';
    const name = `${f.functionName || '(anonymous)'} ${where}${where.endsWith('.ts') ? '' : `:${f.lineNumber + 1}`}`;
    const perLayer = frames.get(layer) ?? new Map<string, number>();
    perLayer.set(name, (perLayer.get(name) ?? 0) + us);
    frames.set(layer, perLayer);
  }
  const topFrames = new Map([...frames].map(([layer, m]) => [layer, [...m].sort((a, b) => b[1] - a[1]).slice(0, 5)] as const));
  return { micros, busyMicros: busy, topFrames, samples };
}
