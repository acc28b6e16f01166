// Mounts one WSI service on express: /wsi/<Service> (SOAP 1.1) and /wsi/<Service>/soap12 (SOAP 1.2), each
// with its WSDL at ?wsdl. node-soap parses, dispatches and serializes; everything before it (size, empty
// body, envelope check) and every fault is ours.
import type { IncomingMessage } from 'node:http';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import * as soap from 'soap';
import { AppError, toAppError } from '../errors.js';
import { checkEnvelope } from './envelope-check.js';
import { sendFault, type SoapVersion } from './faults.js';
import { type OperationHandler, type OperationHooks, requestStates, type SoapMethod, soapOperation } from './operation.js';
import { readWsdl, servedWsdl } from './wsdl-file.js';

export interface ServiceDefinition {
  /** The WSDL file name and the URL segment: wsdl/<name>.wsdl served at /wsi/<name>. */
  readonly name: string;
  readonly handlers: Readonly<Record<string, OperationHandler>>;
}

export interface MountOptions {
  readonly requestBytes: number;
  readonly maxXmlDepth: number;
  /** Base URL for soap:address; when undefined, taken from the Host header of the WSDL request. */
  readonly publicUrl: string | undefined;
  readonly hooks: Omit<OperationHooks, 'serviceNamespace'>;
  onRequest(service: string, operation: string): void;
}

const keepText = (text: string) => text;
const lexicalText = { int: keepText, long: keepText, integer: keepText, short: keepText, boolean: keepText, dateTime: keepText };

const versions: readonly SoapVersion[] = ['1.1', '1.2'];
const pathOf = (name: string, version: SoapVersion) => `/wsi/${name}${version === '1.2' ? '/soap12' : ''}`;

/** Fails when the handlers and the WSDL operations differ: every operation is served, nothing else. */
export function checkHandlersMatchWsdl(definition: ServiceDefinition): void {
  const wsdl = readWsdl(definition.name);
  const handlers = Object.keys(definition.handlers).sort();
  const operations = [...wsdl.operations].sort();
  if (handlers.join() !== operations.join())
    throw new Error(`${definition.name}: handlers [${handlers.join(', ')}] differ from WSDL operations [${operations.join(', ')}]`);
}

function baseUrlOf(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/$/, '');
  const tls = Boolean((req.socket as { encrypted?: boolean }).encrypted);
  return `${tls ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`;
}

export async function mountService(app: Express, definition: ServiceDefinition, options: MountOptions): Promise<void> {
  checkHandlersMatchWsdl(definition);
  const wsdl = readWsdl(definition.name);
  const hooks: OperationHooks = { ...options.hooks, serviceNamespace: wsdl.targetNamespace };
  const methods: Record<string, SoapMethod> = {};
  for (const [operation, handler] of Object.entries(definition.handlers)) {
    methods[operation] = soapOperation(operation, handler, hooks);
  }
  const serviceName = /<wsdl:service\s+name="([^"]+)"/.exec(wsdl.text)?.[1];
  const portNames = [...wsdl.text.matchAll(/<wsdl:port\s+name="([^"]+)"/g)].map((m) => m[1]!);
  if (!serviceName) throw new Error(`wsdl/${definition.name}.wsdl has no service`);
  const services = { [serviceName]: Object.fromEntries(portNames.map((port) => [port, methods])) };
  const rules = { serviceNamespace: wsdl.targetNamespace, operations: new Set(wsdl.operations), maxDepth: options.maxXmlDepth };

  for (const version of versions) {
    const path = pathOf(definition.name, version);
    const refuse = (res: Response, error: AppError) => sendFault(res, error, version, wsdl.targetNamespace);

    app.get(path, (req, res, next) => {
      if (!('wsdl' in req.query)) return next();
      res.type('text/xml; charset=utf-8').send(servedWsdl(wsdl.text, version, baseUrlOf(req, options.publicUrl), pathOf(definition.name, '1.1')));
    });
    app.post(
      path,
      express.raw({ type: () => true, limit: options.requestBytes }),
      (req: Request, res: Response, next: NextFunction) => {
        const body = req.body as Buffer | undefined;
        if (!Buffer.isBuffer(body) || body.length === 0) return refuse(res, new AppError('SVC1001'));
        const xml = body.toString('utf8');
        let envelope;
        try {
          envelope = checkEnvelope(xml, { ...rules, version });
        } catch (error) {
          return refuse(res, toAppError(error));
        }
        // node-soap reads req.body: hand it the envelope without the header already checked above.
        if (envelope.withoutHeader !== undefined) req.body = Buffer.from(envelope.withoutHeader, 'utf8');
        options.onRequest(definition.name, envelope.operation);
        requestStates.set(req as IncomingMessage, { envelope, version, xml });
        // Dispatch by the body element alone: a stale or foreign SOAPAction must not pick the operation.
        // (Set to undefined rather than deleted: delete turns the headers object, held for a whole long poll,
        // into a slow dictionary.)
        req.headers.soapaction = undefined;
        next();
      },
      // Body-parser errors: too large (413), bad gzip, aborted upload.
      (error: Error & { type?: string; length?: number }, _req: Request, res: Response, _next: NextFunction) => {
        if (error.type === 'entity.too.large') return refuse(res, new AppError('POL1003', [error.length ?? '?', options.requestBytes]));
        refuse(res, new AppError('SVC1002', ['the request body could not be read']));
      },
    );
    await new Promise<void>((resolve, reject) => {
      soap.listen(app, {
        path,
        services,
        // node-soap routes by the port's address path; the host part is rewritten per ?wsdl request above.
        xml: servedWsdl(wsdl.text, version, 'http://localhost', pathOf(definition.name, '1.1')),
        forceSoap12Headers: version === '1.2',
        // node-soap parses leniently ('12abc' -> 12, 'maybe' -> false); keep the lexical text so codec.ts
        // can refuse what the schema refuses.
        customDeserializer: lexicalText,
        suppressStack: true,
        callback: (error: unknown) => (error ? reject(error as Error) : resolve()),
      } as soap.IServerOptions & { callback: (error: unknown) => void });
    });
  }
}
