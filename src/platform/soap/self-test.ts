// A SOAP round trip in-process, for /healthz: a canned request through the same parser the endpoints use,
// and a response through the same writer. A gateway whose edge is broken (as a polluted prototype once
// broke node soap's) says so instead of answering "ok".
import type { EndpointRules } from './request-parser.js';
import { RequestParser, wsseNamespace } from './request-parser.js';
import { envelopeNamespace } from './faults.js';
import { responseEnvelope } from './response-writer.js';

export function soapSelfTest(rules: EndpointRules, operation: string): void {
  const request =
    `<?xml version="1.0" encoding="utf-8"?><e:Envelope xmlns:e="${envelopeNamespace[rules.version]}">` +
    `<e:Header><s:Security xmlns:s="${wsseNamespace}"><s:UsernameToken><s:Username>self-test</s:Username>` +
    `</s:UsernameToken></s:Security></e:Header><e:Body><o:${operation} xmlns:o="${rules.schema.namespace}"/></e:Body></e:Envelope>`;
  const parser = new RequestParser(rules);
  parser.write(request);
  if (!parser.awaitingAuthentication || parser.usernameToken?.username !== 'self-test')
    throw new Error('the request parser did not reach the operation');
  parser.resume();
  const parsed = parser.end();
  if (parsed.operation !== operation || Object.keys(parsed.args).length !== 0)
    throw new Error('the request parser returned the wrong call');
  const response = responseEnvelope(rules.schema, operation, {}, rules.version);
  if (!response.includes(`<${operation}Response xmlns="${rules.schema.namespace}">`)) throw new Error('the response writer failed');
}
