// Writes an operation's response envelope from the handler's result with a writer compiled once per schema
// element (a template: its tags as ready strings, its children's writers in sequence order), not by walking
// the schema or reflecting over the object per response. Elements come out in sequence order whatever the
// object's key order, only declared elements are written, and every element is in the service namespace
// (one default-namespace declaration on the wrapper). The envelope's head and tail are ready strings too.
import { envelopeNamespace, type SoapVersion } from './faults.js';
import type { ElementDecl, ServiceSchema } from './wsdl-schema.js';
import { escapeText } from './xml-text.js';

function lexical(value: unknown): string {
  if (typeof value === 'string') return escapeText(value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('base64');
  throw new TypeError(`a ${typeof value} cannot be written as text`);
}

/** Appends one element (or nothing, for undefined or null) to `out`. */
type ElementWriter = (out: string, value: unknown) => string;
/** Appends the children of a complex value, in sequence order. */
type ChildrenWriter = (out: string, value: Record<string, unknown>) => string;

class Compiler {
  private readonly elements = new Map<ElementDecl, ElementWriter>();

  element(decl: ElementDecl): ElementWriter {
    const known = this.elements.get(decl);
    if (known) return known;
    const open = `<${decl.name}>`;
    const close = `</${decl.name}>`;
    let writer: ElementWriter;
    if (decl.type.kind === 'simple') {
      writer = (out, value) => (value === undefined || value === null ? out : out + open + lexical(value) + close);
    } else {
      // Compiled on first use, so a type that contains itself does not recurse here.
      let children: ChildrenWriter | undefined;
      writer = (out, value) => {
        if (value === undefined || value === null) return out;
        if (typeof value !== 'object') throw new TypeError(`${decl.name} must be an object`);
        children ??= this.children(decl);
        return children(out + open, value as Record<string, unknown>) + close;
      };
    }
    this.elements.set(decl, writer);
    return writer;
  }

  children(decl: ElementDecl): ChildrenWriter {
    if (decl.type.kind !== 'complex') return (out) => out;
    const steps = decl.type.sequence.map((child) => {
      const write = this.element(child);
      const name = child.name;
      const list = child.maxOccurs > 1;
      return (out: string, value: Record<string, unknown>): string => {
        const v = Object.hasOwn(value, name) ? value[name] : undefined;
        if (!Array.isArray(v)) return write(out, v);
        if (!list) throw new TypeError(`${name} is not a list`);
        for (const item of v) out = write(out, item);
        return out;
      };
    });
    return (out, value) => {
      for (const step of steps) out = step(out, value);
      return out;
    };
  }
}

interface CompiledResponse {
  readonly head: Record<SoapVersion, string>;
  readonly tail: string;
  readonly body: ChildrenWriter;
}

const compiled = new WeakMap<ServiceSchema, Map<string, CompiledResponse>>();

function compiledResponse(schema: ServiceSchema, operation: string): CompiledResponse {
  let responses = compiled.get(schema);
  if (!responses) compiled.set(schema, (responses = new Map<string, CompiledResponse>()));
  const known = responses.get(operation);
  if (known) return known;
  const decl = schema.elements.get(`${operation}Response`);
  if (!decl) throw new Error(`the schema declares no ${operation}Response`);
  const open = `<soap:Body><${decl.name} xmlns="${schema.namespace}">`;
  const head = (version: SoapVersion) =>
    `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${envelopeNamespace[version]}">${open}`;
  const response: CompiledResponse = {
    head: { '1.1': head('1.1'), '1.2': head('1.2') },
    tail: `</${decl.name}></soap:Body></soap:Envelope>`,
    body: new Compiler().children(decl),
  };
  responses.set(operation, response);
  return response;
}

/** The whole response envelope of `operation`, its body built from `result`. */
export function responseEnvelope(schema: ServiceSchema, operation: string, result: object, version: SoapVersion): string {
  const response = compiledResponse(schema, operation);
  return response.body(response.head[version], result as Record<string, unknown>) + response.tail;
}
