// Text as XML character data. Characters XML 1.0 cannot carry (controls, lone surrogates, U+FFFE/U+FFFF)
// become U+FFFD: a stored value or an error text must never make a response unreadable.
const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
const notXml =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const special = /[&<>\r]/g;

export function escapeText(text: string): string {
  return text.replace(notXml, '\uFFFD').replace(special, (c) => escapes[c]!);
}
