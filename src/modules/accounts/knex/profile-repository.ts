// Profiles over knex (rows: platform/db/tables.ts). The field values live as JSON; the public ones are also
// copied, folded to lower case, into columns that SearchUsers filters on, so a hidden value never matches.
import type { Knex } from 'knex';
import type { ProfileRepository } from '../ports.js';
import { type Profile, type ProfileField, profileFields, type ProfileValue, visibilities } from '../profile.js';
import type { ProfileRow } from '../../../platform/db/tables.js';

function parseFields(json: string): Map<ProfileField, ProfileValue> {
  const fields = new Map<ProfileField, ProfileValue>();
  const parsed: unknown = JSON.parse(json);
  if (!parsed || typeof parsed !== 'object') return fields;
  for (const field of profileFields) {
    const entry: unknown = Object.getOwnPropertyDescriptor(parsed, field)?.value;
    if (!entry || typeof entry !== 'object') continue;
    const value: unknown = Object.getOwnPropertyDescriptor(entry, 'value')?.value;
    const visibility: unknown = Object.getOwnPropertyDescriptor(entry, 'visibility')?.value;
    const known = visibilities.find((v) => v === visibility);
    if (typeof value === 'string' && known) fields.set(field, { value, visibility: known });
  }
  return fields;
}

const toProfile = (row: Pick<ProfileRow, 'fields' | 'searchable'>): Profile => ({
  fields: parseFields(row.fields),
  searchable: Boolean(row.searchable),
});

function publicValue(profile: Profile, field: ProfileField): string | null {
  const entry = profile.fields.get(field);
  return entry && entry.visibility === 'public' && entry.value !== '' ? entry.value.toLowerCase() : null;
}

/** A LIKE pattern matching `text` anywhere, with the wildcard characters in it taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;

export function profileRepository(db: Knex | Knex.Transaction): ProfileRepository {
  return {
    async find(accountId) {
      const row = await db('profiles').where({ account_id: accountId }).first('fields', 'searchable');
      return row && toProfile(row);
    },
    async save(accountId, profile, now) {
      const birthYear = publicValue(profile, 'birthYear');
      const about = [publicValue(profile, 'displayName'), publicValue(profile, 'about')].filter((v) => v !== null).join('\n');
      const row = {
        account_id: accountId,
        fields: JSON.stringify(Object.fromEntries(profile.fields)),
        public_birth_year: birthYear === null ? null : Number(birthYear),
        public_gender: publicValue(profile, 'gender'),
        public_intention: publicValue(profile, 'intention'),
        public_city: publicValue(profile, 'city'),
        public_country: publicValue(profile, 'country'),
        public_text: about === '' ? null : about,
        searchable: profile.searchable,
        updated_at: now,
      };
      await db('profiles').insert(row).onConflict('account_id').merge();
    },
    async search(c) {
      // The accounts table is read here (the accounts module's own): only active users of the searcher's class.
      const accounts = db('accounts').select('id').where({ state: 'active', role: 'user' });
      if (c.policyClass === null) void accounts.whereNull('policy_class');
      else void accounts.where('policy_class', c.policyClass);
      const q = db('profiles')
        .whereIn('account_id', accounts)
        .where('searchable', true)
        .andWhere('account_id', '>', c.afterId)
        .andWhereNot('account_id', c.excludeAccountId);
      if (c.minBirthYear !== undefined) void q.where('public_birth_year', '>=', c.minBirthYear);
      if (c.maxBirthYear !== undefined) void q.where('public_birth_year', '<=', c.maxBirthYear);
      if (c.gender !== undefined) void q.where('public_gender', c.gender.toLowerCase());
      if (c.intention !== undefined) void q.where('public_intention', c.intention.toLowerCase());
      if (c.city !== undefined) void q.where('public_city', c.city.toLowerCase());
      if (c.country !== undefined) void q.where('public_country', c.country.toLowerCase());
      if (c.text !== undefined) void q.whereRaw(`public_text like ? escape '\\'`, [containing(c.text.toLowerCase())]);
      const rows = await q.orderBy('account_id').limit(c.limit).select('account_id', 'fields', 'searchable');
      return rows.map((row) => ({ accountId: row.account_id, profile: toProfile(row) }));
    },
  };
}
