// The profile page (each field with its visibility, searchable, aliases) and finding people (SearchUsers,
// then "add as contact" through the contact lists' authorization flow, 5.19).
import type { Request, Response, Router } from 'express';
import { AppError } from '../kernel/errors.js';
import { type ProfileChange, type ProfileField, profileFields, type UserProfile, visibilities } from '../modules/accounts/index.js';
import { form, html, type Html, type PageContext } from './html.js';
import { field, optionalField, type PortalKit } from './portal-kit.js';

const labels: Readonly<Record<ProfileField, string>> = {
  displayName: 'Display name',
  birthYear: 'Birth year',
  gender: 'Gender',
  intention: 'Looking for',
  city: 'City',
  country: 'Country',
  about: 'About me',
};

/** The default contact list that "add as contact" puts people in. */
const contactListName = 'Contacts';

const fieldsOf = (p: UserProfile): Html[] =>
  profileFields.flatMap((f) => {
    const v = p.fields.get(f);
    return v ? [html`<div><span class="muted">${labels[f]}:</span> ${v.value}</div>`] : [];
  });

export function profilePages(router: Router, kit: PortalKit): void {
  const { services } = kit;

  async function profilePage(req: Request, res: Response, notice?: PageContext['notice'], status = 200): Promise<void> {
    const who = await kit.signedIn(req, res);
    if (!who) return;
    const ctx = kit.context(who.session, 'Profile and aliases', notice);
    const own = await services.profiles.get(who.account, undefined);
    const rows = profileFields.map((f) => {
      const v = own.fields.get(f);
      // An unset field offers the operator's default, which the service applies when none is given.
      const options = [
        v ? '' : html`<option value="" selected>default</option>`,
        visibilities.map((vis) => html`<option value="${vis}" ${v?.visibility === vis ? 'selected' : ''}>${vis}</option>`),
      ];
      return html`<div class="row"><div><label for="${f}">${labels[f]}</label><input type="text" id="${f}" name="${f}" value="${v?.value ?? ''}"></div>
        <div><label for="${f}-visibility" class="muted">visible to</label><select id="${f}-visibility" name="${f}-visibility">${options}</select></div></div>`;
    });
    const aliases = await services.aliases.list(who.account);
    const aliasRows = aliases.map(
      (a) =>
        html`<li>${a} ${form(ctx, 'aliases/retire', html`<input type="hidden" name="alias" value="${a}"><button type="submit">Retire</button>`, html`class="inline"`)}</li>`,
    );
    kit.show(
      res,
      ctx,
      html`${form(
        ctx,
        'profile',
        html`${rows}<label><input type="checkbox" name="searchable" value="true" ${own.searchable ? 'checked' : ''}> Others may find me by searching</label>
          <button type="submit">Save profile</button>`,
      )}
      <h3>Aliases</h3><ul>${aliasRows}</ul>${aliases.length ? '' : html`<p class="muted">No aliases yet.</p>`}
      ${form(ctx, 'aliases/add', html`<label for="alias">New alias (name@domain)</label><input type="text" id="alias" name="alias" required><button type="submit">Add alias</button>`)}`,
      status,
    );
  }

  router.get('/profile', (req, res) => profilePage(req, res));
  router.post('/profile', async (req, res) => {
    const who = await kit.signedIn(req, res);
    if (!who) return;
    try {
      const changes = new Map<ProfileField, ProfileChange>();
      for (const f of profileFields) {
        const visibility = visibilities.find((v) => v === field(req, `${f}-visibility`, 16));
        changes.set(f, { value: field(req, f, 1000), visibility });
      }
      await services.profiles.set(who.account, changes, field(req, 'searchable', 8) === 'true');
      await profilePage(req, res, { kind: 'ok', text: 'Profile saved.' });
    } catch (error) {
      const { notice, status } = kit.failure(error, res);
      await profilePage(req, res, notice, status);
    }
  });
  for (const action of ['add', 'retire'] as const) {
    router.post(`/aliases/${action}`, async (req, res) => {
      const who = await kit.signedIn(req, res);
      if (!who) return;
      try {
        const alias = field(req, 'alias', 320);
        if (action === 'add') await services.aliases.add(who.account, alias);
        else await services.aliases.retire(who.account, alias);
        await profilePage(req, res, {
          kind: 'ok',
          text: action === 'add' ? `Alias ${alias.trim().toLowerCase()} added.` : 'Alias retired.',
        });
      } catch (error) {
        const { notice, status } = kit.failure(error, res);
        await profilePage(req, res, notice, status);
      }
    });
  }

  async function searchPage(req: Request, res: Response, notice?: PageContext['notice'], status = 200): Promise<void> {
    const who = await kit.signedIn(req, res);
    if (!who) return;
    const ctx = kit.context(who.session, 'Find people', notice);
    const q = (name: string): string | undefined => {
      const v: unknown = req.query[name];
      return typeof v === 'string' && v.trim() !== '' && v.length <= 200 ? v.trim() : undefined;
    };
    const age = (name: string): number | undefined => {
      const v = q(name);
      if (v === undefined) return undefined;
      if (!/^\d{1,3}$/.test(v)) throw new AppError('SVC0002', [name]);
      return Number(v);
    };
    let results: Html = html``;
    const criteria = ['city', 'country', 'gender', 'intention', 'text', 'minAge', 'maxAge'];
    try {
      if (criteria.some((c) => q(c) !== undefined)) {
        const found = await services.profiles.search(who.account, {
          city: q('city'),
          country: q('country'),
          gender: q('gender'),
          intention: q('intention'),
          text: q('text'),
          minAge: age('minAge'),
          maxAge: age('maxAge'),
          page: q('page'),
        });
        const rows = found.results.map(
          (r) => html`<tr><td>${r.user}</td><td>${fieldsOf(r)}</td>
            <td>${form(ctx, 'contacts/add', html`<input type="hidden" name="user" value="${r.user}"><button type="submit">Add as contact</button>`)}</td></tr>`,
        );
        results = found.results.length
          ? html`<table><thead><tr><th>User</th><th>Profile</th><th></th></tr></thead><tbody>${rows}</tbody></table>`
          : html`<p class="muted">Nobody found.</p>`;
      }
    } catch (error) {
      const failed = kit.failure(error, res);
      notice = failed.notice;
      status = failed.status;
    }
    const input = (name: string, label: string) =>
      html`<label for="${name}">${label}</label><input type="text" id="${name}" name="${name}" value="${q(name) ?? ''}">`;
    kit.show(
      res,
      { ...ctx, notice },
      html`<form method="get" action="/portal/search">${input('city', 'City')}${input('country', 'Country')}${input('gender', 'Gender')}
        ${input('intention', 'Looking for')}${input('text', 'Words in the profile')}${input('minAge', 'Age from')}${input('maxAge', 'Age to')}
        <button type="submit">Search</button></form>${results}`,
      status,
    );
  }

  router.get('/search', (req, res) => searchPage(req, res));
  router.post('/contacts/add', async (req, res) => {
    const who = await kit.signedIn(req, res);
    if (!who) return;
    try {
      const input = {
        listName: contactListName,
        contact: field(req, 'user', 320),
        nickname: optionalField(req, 'nickname', 64),
        alternatives: [],
        authorizeContact: false,
      };
      const entry = await services.contacts.addContact(who.account, input).catch(async (error: unknown) => {
        if (!(error instanceof AppError) || error.code !== 'SVC3001') throw error;
        await services.contacts.createList(who.account, contactListName);
        return services.contacts.addContact(who.account, input);
      });
      await searchPage(req, res, { kind: 'ok', text: `${entry.nickname} is in your list ${contactListName} (${entry.status}).` });
    } catch (error) {
      const { notice, status } = kit.failure(error, res);
      await searchPage(req, res, notice, status);
    }
  });
}
