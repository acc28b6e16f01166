// The only place SOAP faults are built. Parlay X detail (messageId, text with %n, variables); HTTP 500 (413 and
// 415 for bodies refused by their headers); never a stack trace or an internal message: unknown errors were
// already mapped to SVC0001, and every variable is truncated by AppError.
import type { ServerResponse } from 'node:http';
import type { AppError } from '../../kernel/errors.js';
import { escapeText } from './xml-text.js';
import { writeBody } from './write-body.js';

export type SoapVersion = '1.1' | '1.2';

export const envelopeNamespace: Record<SoapVersion, string> = {
  '1.1': 'http://schemas.xmlsoap.org/soap/envelope/',
  '1.2': 'http://www.w3.org/2003/05/soap-envelope',
};

export const contentType: Record<SoapVersion, string> = {
  '1.1': 'text/xml; charset=utf-8',
  '1.2': 'application/soap+xml; charset=utf-8',
};

/** The SOAP fault code: MustUnderstand for a header not understood, else who is at fault. */
function faultCodeOf(error: AppError, version: SoapVersion): string {
  if (error.code === 'SVC1011') return 'soap:MustUnderstand';
  const client = error.info.party === 'client';
  if (version === '1.1') return client ? 'soap:Client' : 'soap:Server';
  return client ? 'soap:Sender' : 'soap:Receiver';
}

function detail(error: AppError, serviceNamespace: string): string {
  const { type, text } = error.info;
  const variables = error.variables.map((v) => `<f:variables>${escapeText(v)}</f:variables>`).join('');
  return (
    `<f:${type} xmlns:f="${serviceNamespace}"><f:messageId>${error.code}</f:messageId>` +
    `<f:text>${escapeText(text)}</f:text>${variables}</f:${type}>`
  );
}

export function faultEnvelope(error: AppError, version: SoapVersion, serviceNamespace: string): string {
  const code = faultCodeOf(error, version);
  const reason = escapeText(`${error.code}: ${error.message}`);
  // SOAP 1.1 4.4: detail carries errors of the Body only, never of a header entry.
  const withDetail = error.code !== 'SVC1011';
  const fault =
    version === '1.1'
      ? `<soap:Fault><faultcode>${code}</faultcode><faultstring>${reason}</faultstring>` +
        (withDetail ? `<detail>${detail(error, serviceNamespace)}</detail>` : '') +
        '</soap:Fault>'
      : `<soap:Fault><soap:Code><soap:Value>${code}</soap:Value></soap:Code>` +
        `<soap:Reason><soap:Text xml:lang="en">${reason}</soap:Text></soap:Reason>` +
        (withDetail ? `<soap:Detail>${detail(error, serviceNamespace)}</soap:Detail>` : '') +
        '</soap:Fault>';
  return (
    `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${envelopeNamespace[version]}">` +
    `<soap:Body>${fault}</soap:Body></soap:Envelope>`
  );
}

export interface FaultOptions {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

export function sendFault(
  res: ServerResponse,
  error: AppError,
  version: SoapVersion,
  serviceNamespace: string,
  options: FaultOptions = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  writeBody(
    res,
    options.status ?? 500,
    { ...options.headers, 'Content-Type': contentType[version] },
    faultEnvelope(error, version, serviceNamespace),
  );
}
