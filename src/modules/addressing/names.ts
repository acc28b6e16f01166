// Names users choose (contact lists, nicknames): 1 to 64 characters, no control characters.
import { AppError } from '../../kernel/errors.js';

const nameRule = /^[^\p{Cc}]{1,64}$/u;

export function checkedName(raw: string, part: string): string {
  const name = raw.trim();
  if (!nameRule.test(name)) throw new AppError('SVC0002', [`${part} (1..64 characters)`]);
  return name;
}
