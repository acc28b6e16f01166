// Signs envelopes the way WS-Security clients do (xml-crypto, rsa-sha256, exc-c14n, sha256 digests), so
// tests can also build the forgeries a verifier must refuse.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignedXml } from 'xml-crypto';
import { tempDir } from './gateway.js';

export interface KeyPair {
  readonly key: string;
  readonly cert: string;
  readonly certFile: string;
}

export function makeKeyPair(name: string): KeyPair {
  const dir = tempDir('imwsi-keys-');
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', `/CN=${name}`],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}

const wsu = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const c14n = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const sha256 = 'http://www.w3.org/2001/04/xmlenc#sha256';

export function timestampXml(lifetimeSeconds = 300, createdAt = Date.now()): string {
  const created = new Date(createdAt).toISOString();
  const expires = new Date(createdAt + lifetimeSeconds * 1000).toISOString();
  return `<wsu:Timestamp xmlns:wsu="${wsu}"><wsu:Created>${created}</wsu:Created><wsu:Expires>${expires}</wsu:Expires></wsu:Timestamp>`;
}

/** Signs the Body and the Timestamp of an envelope whose Security header already holds a Timestamp. */
export function signEnvelope(xml: string, pair: KeyPair, references: readonly ('Body' | 'Timestamp')[] = ['Body', 'Timestamp']): string {
  const signer = new SignedXml({ privateKey: pair.key, publicCert: pair.cert, idMode: 'wssecurity' });
  signer.signatureAlgorithm = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
  signer.canonicalizationAlgorithm = c14n;
  for (const part of references) {
    signer.addReference({ xpath: `//*[local-name(.)='${part}']`, transforms: [c14n], digestAlgorithm: sha256 });
  }
  signer.computeSignature(xml, { location: { reference: "//*[local-name(.)='Security']", action: 'append' } });
  return signer.getSignedXml();
}
