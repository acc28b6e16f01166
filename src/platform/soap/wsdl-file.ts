// Reads a service's WSDL from wsdl/ and prepares it for serving.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const wsdlDirectory = fileURLToPath(new URL('../../../wsdl', import.meta.url));

export interface WsdlFacts {
  readonly text: string;
  readonly targetNamespace: string;
  /** Operation names of the portType, in document order. */
  readonly operations: readonly string[];
}

export function readWsdl(service: string): WsdlFacts {
  const text = readFileSync(`${wsdlDirectory}/${service}.wsdl`, 'utf8');
  const targetNamespace = /<wsdl:definitions[^>]*\stargetNamespace="([^"]+)"/.exec(text)?.[1];
  const portType = /<wsdl:portType[^>]*>([\s\S]*?)<\/wsdl:portType>/.exec(text)?.[1];
  if (!targetNamespace || !portType) throw new Error(`wsdl/${service}.wsdl has no targetNamespace or portType`);
  const operations = [...portType.matchAll(/<wsdl:operation\s+name="([^"]+)"/g)].map((m) => m[1]!);
  return { text, targetNamespace, operations };
}

/**
 * The WSDL as served for one SOAP version: only that version's binding and port, its address pointing at
 * the URL the server really listens on. One port per document because clients that meet two ports pick
 * differently (node soap takes the last, zeep the first), so each path gets a WSDL with exactly one way to
 * call it. The other binding and its namespace declaration go too: gSOAP's wsdl2h switches its whole client
 * to SOAP 1.2 envelopes as soon as the document merely declares the soap12 namespace (see docs/interop.md).
 */
export function servedWsdl(wsdl: string, version: '1.1' | '1.2', baseUrl: string, servicePath: string): string {
  const other = version === '1.1' ? 'soap12' : 'soap';
  const otherPort = new RegExp(`\\s*<wsdl:port\\b[^>]*>\\s*<${other}:address[\\s\\S]*?<\\/wsdl:port>`, 'g');
  // The binding whose soap/soap12:binding element it holds, wherever that sits among its extensibility elements
  // (a wsp:PolicyReference may come before it).
  const otherBinding = new RegExp(
    `\\s*<wsdl:binding\\b[^>]*>(?:(?!<\\/wsdl:binding>)[\\s\\S])*?<${other}:binding\\b[\\s\\S]*?<\\/wsdl:binding>`,
    'g',
  );
  const otherNamespace = new RegExp(`\\s+xmlns:${other}="[^"]*"`);
  return wsdl
    .replace(otherPort, '')
    .replace(otherBinding, '')
    .replace(otherNamespace, '')
    .replace(
      /(<soap(12)?:address\s+location=")([^"]*)(")/g,
      (_whole, open: string, v12: string | undefined, _old: string, close: string) =>
        `${open}${baseUrl}${servicePath}${v12 ? '/soap12' : ''}${close}`,
    );
}
