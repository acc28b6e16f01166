// The only place SOAP faults are built. Parlay X detail (messageId, text with %n, variables); HTTP 500;
// never a stack trace or an internal message: unknown errors were already mapped to SVC0001.
import type { ServerResponse } from 'node:http';
import { AppError } from '../errors.js';

export type SoapVersion = '1.1' | '1.2';

export const envelopeNamespace: Record<SoapVersion, string> = {
  '1.1': 'http://schemas.xmlsoap.org/soap/envelope/',
  '1.2': 'http://www.w3.org/2003/05/soap-envelope',
};

export const contentType: Record<SoapVersion, string> = {
  '1.1': 'text/xml; charset=utf-8',
  '1.2': 'application/soap+xml; charset=utf-8',
};

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
export const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (c) => escapes[c]!);

function detail(error: AppError, serviceNamespace: string): string {
  const { type, text } = error.info;
  const variables = error.variables.map((v) => `<f:variables>${escapeXml(v)}</f:variables>`).join('');
  return (
    `<f:${type} xmlns:f="${serviceNamespace}"><f:messageId>${error.code}</f:messageId>` +
    `<f:text>${escapeXml(text)}</f:text>${variables}</f:${type}>`
  );
}

export function faultEnvelope(error: AppError, version: SoapVersion, serviceNamespace: string): string {
  const client = error.info.party === 'client';
  const reason = escapeXml(`${error.code}: ${error.message}`);
  const fault =
    version === '1.1'
      ? `<soap:Fault><faultcode>soap:${client ? 'Client' : 'Server'}</faultcode><faultstring>${reason}</faultstring>` +
        `<detail>${detail(error, serviceNamespace)}</detail></soap:Fault>`
      : `<soap:Fault><soap:Code><soap:Value>soap:${client ? 'Sender' : 'Receiver'}</soap:Value></soap:Code>` +
        `<soap:Reason><soap:Text xml:lang="en">${reason}</soap:Text></soap:Reason>` +
        `<soap:Detail>${detail(error, serviceNamespace)}</soap:Detail></soap:Fault>`;
  return (
    `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${envelopeNamespace[version]}">` +
    `<soap:Body>${fault}</soap:Body></soap:Envelope>`
  );
}

export function sendFault(res: ServerResponse, error: AppError, version: SoapVersion, serviceNamespace: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = faultEnvelope(error, version, serviceNamespace);
  res.writeHead(500, { 'Content-Type': contentType[version], 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
