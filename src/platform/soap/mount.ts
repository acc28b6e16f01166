// Mounts one WSI service on express: /wsi/<Service> (SOAP 1.1) and /wsi/<Service>/soap12 (SOAP 1.2), each
// with its WSDL at ?wsdl. The request path is ours end to end (operation.ts): one strict parse, decoded
// against the WSDL's schema, and a response written from the same schema. node soap is a client only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express, Request, Response } from 'express';
import type { ListLimit, ParserLimits } from './request-parser.js';
import { type AnonymousHandler, type OperationHandler, type OperationHooks, serveSoapRequest, type Endpoint } from './operation.js';
import type { ParkedPolls } from './long-poll.js';
import type { SoapVersion } from './faults.js';
import { readWsdl, servedWsdl } from './wsdl-file.js';
import { listPaths, readServiceSchema } from './wsdl-schema.js';
import { soapSelfTest } from './self-test.js';

export interface ServiceDefinition {
  /** The WSDL file name and the URL segment: wsdl/<name>.wsdl served at /wsi/<name>. */
  readonly name: string;
  readonly handlers: Readonly<Record<string, OperationHandler>>;
  /** Operations callable without a UsernameToken (the only one is Accounts Register): no token is verified. */
  readonly anonymous?: Readonly<Record<string, AnonymousHandler>> | undefined;
}

export interface MountOptions {
  readonly requestBytes: number;
  readonly parser: ParserLimits;
  /** Base URL for soap:address; when undefined, taken from the Host header of the WSDL request. */
  readonly publicUrl: string | undefined;
  readonly hooks: OperationHooks;
  /** The gateway's parked long polls (operation.ts parkedPolls): one wheel for every service. */
  readonly polls: ParkedPolls<Endpoint>;
}

const versions: readonly SoapVersion[] = ['1.1', '1.2'];
const pathOf = (name: string, version: SoapVersion) => `/wsi/${name}${version === '1.2' ? '/soap12' : ''}`;

/** Fails when the handlers and the WSDL operations differ: every operation is served, nothing else. */
export function checkHandlersMatchWsdl(definition: ServiceDefinition): void {
  const wsdl = readWsdl(definition.name);
  const handlers = [...Object.keys(definition.handlers), ...Object.keys(definition.anonymous ?? {})].sort();
  const operations = [...wsdl.operations].sort();
  if (handlers.join() !== operations.join())
    throw new Error(`${definition.name}: handlers [${handlers.join(', ')}] differ from WSDL operations [${operations.join(', ')}]`);
}

/** Fails when a request of the WSDL has a list without a documented maximum (list-limits.ts). */
function checkListLimits(definition: ServiceDefinition, operations: readonly string[], lists: ReadonlyMap<string, ListLimit>): void {
  const schema = readServiceSchema(readWsdl(definition.name).text);
  for (const operation of operations) {
    const decl = schema.elements.get(operation);
    if (!decl) throw new Error(`${definition.name}: the schema declares no element ${operation}`);
    const missing = listPaths(decl)
      .map((path) => `${operation}.${path}`)
      .filter((key) => !lists.has(key));
    if (missing.length) throw new Error(`${definition.name}: no documented maximum for the lists ${missing.join(', ')}`);
  }
}

function baseUrlOf(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/$/, '');
  const tls = Boolean((req.socket as { encrypted?: boolean }).encrypted);
  return `${tls ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
}

/** Serves one SOAP POST on node's own request and response (no express state is made or held). */
export type SoapPost = (req: IncomingMessage, res: ServerResponse) => void;

export interface MountedService {
  /**
   * The SOAP POST handlers by exact path: the gateway calls them before express, so a request (and a long
   * poll waiting for hours) carries no express state. express still routes anything else, including a POST
   * whose path only matches loosely (a trailing slash, another case, a query string), to the same handler.
   */
  readonly posts: ReadonlyMap<string, SoapPost>;
  /** Runs a canned request and response through this service's parser and writer (both SOAP versions). */
  selfTest(): void;
}

export function mountService(app: Express, definition: ServiceDefinition, options: MountOptions): MountedService {
  checkHandlersMatchWsdl(definition);
  const wsdl = readWsdl(definition.name);
  checkListLimits(definition, wsdl.operations, options.parser.lists);
  const schema = readServiceSchema(wsdl.text);
  const handlers = new Map(Object.entries(definition.handlers));
  const operations = new Set(wsdl.operations);
  const endpoints: Endpoint[] = [];
  const posts = new Map<string, SoapPost>();

  for (const version of versions) {
    const path = pathOf(definition.name, version);
    const endpoint: Endpoint = {
      service: definition.name,
      version,
      rules: { version, schema, operations, limits: options.parser },
      handlers,
      anonymous: new Map(Object.entries(definition.anonymous ?? {})),
      requestBytes: options.requestBytes,
      polls: options.polls,
    };
    posts.set(path, (req, res) => void serveSoapRequest(endpoint, options.hooks, req, res));
    endpoints.push(endpoint);
    app.get(path, (req, res) => {
      if (!('wsdl' in req.query))
        return void res.status(404).type('text/plain').send(`GET ${path}?wsdl reads the WSDL; SOAP requests are POSTed\n`);
      res
        .type('text/xml; charset=utf-8')
        .send(servedWsdl(wsdl.text, version, baseUrlOf(req, options.publicUrl), pathOf(definition.name, '1.1')));
    });
    app.post(path, (req: Request, res: Response) => {
      void serveSoapRequest(endpoint, options.hooks, req, res);
    });
    // PUT, DELETE, PATCH, OPTIONS...: a SOAP endpoint answers POST, and GET for its WSDL.
    app.all(path, (_req: Request, res: Response) => {
      res.status(405).set('Allow', 'GET, HEAD, POST').type('text/plain').send('Method not allowed: POST a SOAP request, or GET ?wsdl\n');
    });
  }
  return {
    posts,
    selfTest() {
      for (const endpoint of endpoints) soapSelfTest(endpoint.rules, wsdl.operations[0]!);
    },
  };
}
