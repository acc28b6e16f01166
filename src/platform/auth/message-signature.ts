// X.509 signatures over Body and Timestamp (OMA WSF; README "Security") for accounts that pin a certificate.
// The safe pattern for xml-crypto: never trust a certificate carried in the message (verify against the
// pinned one), require exactly one soap:Body and one ds:Signature, require that the references resolve to
// exactly that Body and the wsu:Timestamp of the Security header (each Id unique in the document, so a
// wrapped copy cannot stand in for the element node soap will read), and bound the Timestamp.
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import xpath from 'xpath';
import { AppError } from '../../kernel/errors.js';
import { parseUtcDateTime } from '../../kernel/time.js';

const dsig = 'http://www.w3.org/2000/09/xmldsig#';
const wsu = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const wsse = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
// rsa-sha1 and sha1 digests are refused: collisions are practical, and no partner here needs them.
const allowedSignatureAlgorithms = new Set([
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
]);
const allowedDigestAlgorithms = new Set(['http://www.w3.org/2001/04/xmlenc#sha256', 'http://www.w3.org/2001/04/xmlenc#sha512']);

export interface SignaturePolicy {
  readonly clockSkewSeconds: number;
  readonly maxTimestampLifetimeSeconds: number;
}

type Node = globalThis.Node;
type Element = globalThis.Element;

const invalid = (why: string) => new AppError('SVC1108', [why]);

function select(expression: string, node: Node): Element[] {
  return xpath.select(expression, node) as Element[];
}

/** Every element carrying this Id, in any of the attribute forms xml-crypto resolves. */
function elementsWithId(doc: Node, id: string): Element[] {
  if (!/^[A-Za-z0-9_.:-]+$/.test(id)) throw invalid(`unusable reference ${id}`);
  return select(`//*[@Id='${id}' or @ID='${id}' or @id='${id}' or @*[local-name(.)='Id' and namespace-uri(.)='${wsu}']='${id}']`, doc);
}

function checkTimestamp(timestamp: Element, now: number, policy: SignaturePolicy): void {
  const text = (name: string) => select(`./*[local-name(.)='${name}']`, timestamp)[0]?.textContent?.trim();
  // Read as the UsernameToken's Created is: strict xsd:dateTime, no zone meaning UTC.
  const created = parseUtcDateTime(text('Created') ?? '');
  const expires = parseUtcDateTime(text('Expires') ?? '');
  if (created === undefined || expires === undefined)
    throw new AppError('SVC1109', ['Created and Expires are required xsd:dateTime values']);
  const skew = policy.clockSkewSeconds * 1000;
  if (created > now + skew) throw new AppError('SVC1109', ['Created is in the future']);
  if (expires < now - skew) throw new AppError('SVC1109', ['the Timestamp has expired']);
  if (expires - created > policy.maxTimestampLifetimeSeconds * 1000)
    throw new AppError('SVC1109', [`the Timestamp lives longer than ${policy.maxTimestampLifetimeSeconds} s`]);
}

/** Throws unless `xml` carries a valid signature by `pinnedCertificate` over its Body and Timestamp. */
export function verifyMessageSignature(
  xml: string,
  envelopeNamespace: string,
  pinnedCertificate: string,
  now: number,
  policy: SignaturePolicy,
): void {
  // The envelope check already refused malformed XML and DOCTYPEs; xmldom only rebuilds it as a DOM.
  const doc = new DOMParser({ errorHandler: { warning() {}, error() {}, fatalError() {} } }).parseFromString(
    xml,
    'text/xml',
  ) as unknown as Node;
  const bodies = select(`/*[local-name(.)='Envelope']/*[local-name(.)='Body' and namespace-uri(.)='${envelopeNamespace}']`, doc);
  const signatures = select(`//*[local-name(.)='Signature' and namespace-uri(.)='${dsig}']`, doc);
  if (signatures.length === 0) throw new AppError('SVC1107');
  if (bodies.length !== 1 || signatures.length !== 1) throw invalid('expected exactly one soap:Body and one ds:Signature');
  const timestamps = select(
    `/*[local-name(.)='Envelope']/*[local-name(.)='Header']/*[local-name(.)='Security' and namespace-uri(.)='${wsse}']/*[local-name(.)='Timestamp' and namespace-uri(.)='${wsu}']`,
    doc,
  );
  if (timestamps.length !== 1) throw invalid('expected exactly one wsu:Timestamp in the Security header');

  const signed = new SignedXml({ publicCert: pinnedCertificate, getCertFromKeyInfo: () => null });
  signed.loadSignature(signatures[0]!);
  if (!allowedSignatureAlgorithms.has(signed.signatureAlgorithm ?? ''))
    throw invalid(`signature algorithm ${signed.signatureAlgorithm} is not accepted`);
  let valid = false;
  try {
    valid = signed.checkSignature(xml);
  } catch (error) {
    throw invalid((error as Error).message.split('\n')[0] ?? 'verification failed');
  }
  if (!valid) throw invalid('the signature does not verify with the registered certificate');

  const referenced = new Set<Element>();
  for (const reference of signed.getReferences()) {
    if (!allowedDigestAlgorithms.has(reference.digestAlgorithm))
      throw invalid(`digest algorithm ${reference.digestAlgorithm} is not accepted`);
    const uri = reference.uri ?? '';
    if (!uri.startsWith('#')) throw invalid('only same-document references are accepted');
    const targets = elementsWithId(doc, uri.slice(1));
    if (targets.length !== 1) throw invalid(`reference ${uri} must match exactly one element`);
    referenced.add(targets[0]!);
  }
  if (!referenced.has(bodies[0]!)) throw invalid('the soap:Body is not signed');
  if (!referenced.has(timestamps[0]!)) throw invalid('the wsu:Timestamp is not signed');
  checkTimestamp(timestamps[0]!, now, policy);
}
