// XML shapes shared by the Presence and ContactLists services: name/value attributes and PresenceInfo.
import type { NameValue, PresenceView } from '../../kernel/social-types.js';
import { asArray, asObject, isoTime, optionalString, requiredString } from '../../platform/soap/codec.js';

export function decodeNameValues(value: unknown, part: string): NameValue[] {
  return asArray(value).map((raw, i) => {
    const a = asObject(raw, `${part}[${i + 1}]`);
    return { name: requiredString(a.name, `${part}[${i + 1}].name`), value: optionalString(a.value, `${part}[${i + 1}].value`) ?? '' };
  });
}

export const encodeNameValues = (list: readonly NameValue[]) => list.map((a) => ({ name: a.name, value: a.value }));

/** PresenceInfo in schema element order. */
export const encodePresence = (p: PresenceView) => ({
  availability: p.availability,
  ...(p.statusText !== undefined ? { statusText: p.statusText } : {}),
  ...(p.device !== undefined ? { device: p.device } : {}),
  ...(p.capabilities.length ? { capability: [...p.capabilities] } : {}),
  ...(p.attributes.length ? { attribute: encodeNameValues(p.attributes) } : {}),
  ...(p.lastActiveAt !== undefined ? { lastActiveAt: isoTime(p.lastActiveAt) } : {}),
});

export const requiredStrings = (value: unknown, part: string): string[] =>
  asArray(value).map((v, i) => requiredString(v, `${part}[${i + 1}]`));
