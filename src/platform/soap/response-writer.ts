// Writes an operation's response envelope from the handler's result, walking the WSDL schema: elements come
// out in sequence order whatever the object's key order, only declared elements are written, and every
// element is in the service namespace (one default-namespace declaration on the wrapper).
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

function writeElement(out: string[], decl: ElementDecl, value: unknown): void {
  if (value === undefined || value === null) return;
  if (decl.type.kind === 'simple') {
    out.push(`<${decl.name}>`, lexical(value), `</${decl.name}>`);
    return;
  }
  if (typeof value !== 'object') throw new TypeError(`${decl.name} must be an object`);
  out.push(`<${decl.name}>`);
  writeChildren(out, decl, value as Record<string, unknown>);
  out.push(`</${decl.name}>`);
}

function writeChildren(out: string[], decl: ElementDecl, value: Record<string, unknown>): void {
  if (decl.type.kind !== 'complex') return;
  for (const child of decl.type.sequence) {
    const v = Object.hasOwn(value, child.name) ? value[child.name] : undefined;
    if (Array.isArray(v)) {
      if (child.maxOccurs <= 1) throw new TypeError(`${child.name} is not a list`);
      for (const item of v) writeElement(out, child, item);
    } else {
      writeElement(out, child, v);
    }
  }
}

/** The whole response envelope of `operation`, its body built from `result`. */
export function responseEnvelope(schema: ServiceSchema, operation: string, result: object, version: SoapVersion): string {
  const decl = schema.elements.get(`${operation}Response`);
  if (!decl) throw new Error(`the schema declares no ${operation}Response`);
  const out = [
    `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${envelopeNamespace[version]}"><soap:Body>`,
    `<${decl.name} xmlns="${schema.namespace}">`,
  ];
  writeChildren(out, decl, result as Record<string, unknown>);
  out.push(`</${decl.name}></soap:Body></soap:Envelope>`);
  return out.join('');
}
