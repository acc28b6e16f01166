// Screen names (PP-43, use case 5.17): unique within a group, case-insensitively; limited in length and
// characters (POL5004); a taken one is refused with free suggestions derived from it (SVC5002), which no
// XMPP server offers (XEP-0045 answers 409 Conflict and nothing more).
import { AppError } from '../../kernel/errors.js';
import type { Repositories } from '../../kernel/ports.js';

// Letters and digits of any script, with single spaces, dots, dashes and underscores between them: no
// control or format characters (no right-to-left overrides), no '@' (a screen name must not pass for an
// address in a room that hides addresses).
const allowed = /^[\p{L}\p{N}](?:[\p{L}\p{N}._-]| (?! ))*$/u;

/** The screen name as given, or POL5004 saying what to change. */
export function checkScreenName(raw: string, maxChars: number): string {
  const name = raw.normalize('NFC');
  const length = codePoints(name).length;
  if (length === 0 || length > maxChars) throw new AppError('POL5004', [raw, `use 1 to ${maxChars} characters`]);
  if (!allowed.test(name) || /[\s._-]$/u.test(name))
    throw new AppError('POL5004', [raw, 'use letters and digits, with single spaces, dots, dashes or underscores between them']);
  return name;
}

/** Whether a name passes checkScreenName (a default taken from elsewhere is used only if it does). */
export function validScreenName(raw: string, maxChars: number): boolean {
  try {
    checkScreenName(raw, maxChars);
    return true;
  } catch {
    return false;
  }
}

/** Code points, not UTF-16 units: limits count what people see as characters (near enough: no grapheme joins). */
export const codePoints = (text: string): string[] => Array.from(text);

export const screenKey = (name: string): string => name.toLowerCase();

/** Candidate names derived from a taken one, shortened to fit the limit. */
function candidates(name: string, maxChars: number): string[] {
  const fit = (base: string, suffix: string) =>
    codePoints(base)
      .slice(0, maxChars - codePoints(suffix).length)
      .join('') + suffix;
  const digits = ['2', '3', '4', '7', '8', '9', '42', '77', '99', '123'];
  return [...digits.map((d) => fit(name, d)), ...digits.map((d) => fit(name, `_${d}`)), fit(name, '_x'), fit(name, '.1')];
}

/** Throws SVC5002 when the name is taken in the group, with up to three free suggestions. */
export async function claimScreenName(tx: Repositories, groupId: string, name: string, maxChars: number): Promise<void> {
  const taken = await tx.groups.takenScreenKeys(groupId, [screenKey(name)]);
  if (taken.size === 0) return;
  const options = [...new Set(candidates(name, maxChars))];
  const busy = await tx.groups.takenScreenKeys(groupId, options.map(screenKey));
  const free = options.filter((o) => !busy.has(screenKey(o))).slice(0, 3);
  throw new AppError('SVC5002', [name, free.join(', '), ...free]);
}
