// What the groups-across-domains files share about a peer's event: a malformed one is refused with SVC8002,
// and its attributes are read by name.
import { AppError } from '../../kernel/errors.js';
import type { NameValue } from '../../kernel/social-types.js';
import type { SocialEvent } from '../presence/index.js';

export const invalid = (event: SocialEvent, why: string) => new AppError('SVC8002', [event.type, why]);

export const valueOf = (attributes: readonly NameValue[], name: string) => attributes.find((a) => a.name === name)?.value;
