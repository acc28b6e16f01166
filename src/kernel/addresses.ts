// Parsing recipient addresses (README "Addresses"): user@domain, tel:+E164, or a consumer's bare username.
// `sip:user@domain` and `im:user@domain` (PP-45, RFC 3860) name the same user@domain; a URI with more
// than that (a port, parameters, headers) names no IM address here and is malformed.

export type ParsedAddress =
  | { readonly kind: 'im'; readonly address: string; readonly local: string; readonly domain: string }
  | { readonly kind: 'tel'; readonly msisdn: string }
  | { readonly kind: 'username'; readonly name: string }
  | { readonly kind: 'malformed' };

const localPart = /^[a-z0-9._%+-]{1,64}$/;
const domainName = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const e164 = /^\+[1-9][0-9]{1,14}$/;
const username = /^[\p{L}\p{N}._-]{1,64}$/u;
const imUriScheme = /^(sip|im):/i;

/** Domains are case-insensitive; local parts are folded too so addresses compare as one. */
export function parseAddress(raw: string): ParsedAddress {
  const text = raw.trim();
  if (text.toLowerCase().startsWith('tel:')) {
    const msisdn = text.slice(4);
    return e164.test(msisdn) ? { kind: 'tel', msisdn } : { kind: 'malformed' };
  }
  const uri = imUriScheme.exec(text);
  if (uri) {
    const rest = text.slice(uri[0].length);
    // Without the '@', `sip:bob` would read as a consumer's username: a URI must name user@domain.
    if (!rest.includes('@')) return { kind: 'malformed' };
    const parsed = parseAddress(rest);
    return parsed.kind === 'im' ? parsed : { kind: 'malformed' };
  }
  const at = text.lastIndexOf('@');
  if (at < 0) return username.test(text) ? { kind: 'username', name: text } : { kind: 'malformed' };
  const local = text.slice(0, at).toLowerCase();
  const domain = text.slice(at + 1).toLowerCase();
  if (!localPart.test(local) || !domainName.test(domain)) return { kind: 'malformed' };
  return { kind: 'im', address: `${local}@${domain}`, local, domain };
}

/** A domain name as a user writes it ("b.example", "@b.example"), lower-cased; undefined if it is none. */
export function parseDomain(raw: string): string | undefined {
  const domain = raw.trim().replace(/^@/, '').toLowerCase();
  return domainName.test(domain) ? domain : undefined;
}

export function isValidMsisdn(msisdn: string): boolean {
  return e164.test(msisdn);
}
