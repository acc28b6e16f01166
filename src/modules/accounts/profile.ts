// Profiles (PP2-39; use case 5.19): a display name and the searchable personal values, each with its own
// visibility. No stored profile means the operator's default profile: the service behaves as if the user had
// supplied it at registration.
import { AppError } from '../../kernel/errors.js';

export type Visibility = 'public' | 'contacts' | 'private';
export const visibilities: readonly Visibility[] = ['public', 'contacts', 'private'];

export const profileFields = ['displayName', 'birthYear', 'gender', 'intention', 'city', 'country', 'about'] as const;
export type ProfileField = (typeof profileFields)[number];

export interface ProfileValue {
  readonly value: string;
  readonly visibility: Visibility;
}

export interface Profile {
  readonly fields: ReadonlyMap<ProfileField, ProfileValue>;
  /** Appears in SearchUsers results; off by default (GU-5: privacy is opt-in). */
  readonly searchable: boolean;
}

export interface ProfileDefaults {
  readonly visibility: Visibility;
  readonly searchable: boolean;
}

/** Longest value of each field, in characters. */
const maxChars: Readonly<Record<ProfileField, number>> = {
  displayName: 64,
  birthYear: 4,
  gender: 32,
  intention: 64,
  city: 128,
  country: 64,
  about: 1000,
};

/** The default profile (PP2-39): the display name is the address's local part; nothing else is set. */
export function defaultProfile(address: string, defaults: ProfileDefaults): Profile {
  const local = address.slice(0, address.lastIndexOf('@'));
  return { fields: new Map([['displayName', { value: local, visibility: defaults.visibility }]]), searchable: defaults.searchable };
}

/** A field's value checked: bounded, no control characters, a plausible birth year. */
export function checkedValue(field: ProfileField, raw: string, year: number): string {
  const value = raw.trim();
  if (value.length > maxChars[field] || /\p{Cc}/u.test(value))
    throw new AppError('SVC6005', [field, `at most ${maxChars[field]} characters`]);
  if (field === 'birthYear' && value !== '') {
    const n = Number(value);
    if (!/^\d{4}$/.test(value) || n < year - 130 || n > year)
      throw new AppError('SVC6005', [field, `a year from ${year - 130} to ${year}`]);
  }
  return value;
}

/** The fields a viewer may see: the owner sees all, a contact public and contacts-only, anyone else public. */
export function visibleFields(profile: Profile, viewer: 'owner' | 'contact' | 'other'): Map<ProfileField, ProfileValue> {
  const shown = new Map<ProfileField, ProfileValue>();
  for (const [field, value] of profile.fields) {
    if (viewer === 'owner' || value.visibility === 'public' || (viewer === 'contact' && value.visibility === 'contacts'))
      shown.set(field, value);
  }
  return shown;
}
