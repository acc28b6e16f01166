// Parsing recipient addresses (README "Addresses"): user@domain, tel:+E164, or a consumer's bare username.

export type ParsedAddress =
  | { readonly kind: 'im'; readonly address: string; readonly local: string; readonly domain: string }
  | { readonly kind: 'tel'; readonly msisdn: string }
  | { readonly kind: 'username'; readonly name: string }
  | { readonly kind: 'malformed' };

const localPart = /^[a-z0-9._%+-]{1,64}$/;
const domainName = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const e164 = /^\+[1-9][0-9]{1,14}$/;
const username = /^[\p{L}\p{N}._-]{1,64}$/u;

/** Domains are case-insensitive; local parts are folded too so addresses compare as one. */
export function parseAddress(raw: string): ParsedAddress {
  const text = raw.trim();
  if (text.toLowerCase().startsWith('tel:')) {
    const msisdn = text.slice(4);
    return e164.test(msisdn) ? { kind: 'tel', msisdn } : { kind: 'malformed' };
  }
  const at = text.lastIndexOf('@');
  if (at < 0) return username.test(text) ? { kind: 'username', name: text } : { kind: 'malformed' };
  const local = text.slice(0, at).toLowerCase();
  const domain = text.slice(at + 1).toLowerCase();
  if (!localPart.test(local) || !domainName.test(domain)) return { kind: 'malformed' };
  return { kind: 'im', address: `${local}@${domain}`, local, domain };
}

export function isValidMsisdn(msisdn: string): boolean {
  return e164.test(msisdn);
}
