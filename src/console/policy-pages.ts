// The console's policy page (docs/operations.md "Limits", "Filters", "Switches", "Console"): the operator's
// limits, system filters and switches, read and changed through the administration module's audited policy
// operations, the same as the Administration service's SetLimit/AddFilter/SetSwitch and `imwsi limits |
// filters | switches`.
import type { Request, Response, Router } from 'express';
import { limitCatalog, switchKinds, switchScopes } from '../modules/policy/index.js';
import { form, type Html, html, type PageContext } from '../portal/html.js';
import { field, optionalField } from '../portal/portal-kit.js';
import type { ConsoleKit } from './console-pages.js';

const limitScopes = ['system', 'domain', 'role', 'account', 'peer'] as const;
const treatments = ['reject', 'rejectSilent', 'discard', 'store', 'redirect', 'tag'] as const;
const options = (values: readonly string[]) => values.map((v) => html`<option value="${v}">${v}</option>`);
const where = (scope: string, subject: string) => (subject ? `${scope} ${subject}` : scope);

export function policyPages(router: Router, kit: ConsoleKit): void {
  const { policy } = kit.admin;

  async function page(req: Request, res: Response, notice?: PageContext['notice'], status = 200): Promise<void> {
    const who = await kit.signedInAdmin(req, res);
    if (!who) return;
    const ctx = who.ctx('Limits, filters and switches', notice);
    const [limits, filters, switches] = await Promise.all([
      policy.listLimits(who.account),
      policy.listFilters(who.account),
      policy.listSwitches(who.account),
    ]);
    const hidden = (fields: Record<string, string>) =>
      Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
    /** A one-button form: `text` on the button, `label` (what it acts on) for screen readers and tests. */
    const button = (action: string, fields: Record<string, string>, text: string, label: string): Html =>
      form(ctx, action, html`${hidden(fields)}<button type="submit" aria-label="${label}">${text}</button>`, html`class="inline"`);
    kit.show(
      res,
      ctx,
      html`<h3>Limits</h3>${
        limits.length === 0
          ? html`<p class="muted">No limits: nothing is limited but what the settings bound.</p>`
          : html`<table><thead><tr><th>Where</th><th>Limit</th><th>Value</th><th></th></tr></thead><tbody>${limits.map(
              (l) =>
                html`<tr><td>${where(l.scope, l.subject)}</td><td>${l.name}</td><td>${l.text ?? String(l.value)}</td><td>${button(
                  'limit-remove',
                  { scope: l.scope, subject: l.subject, name: l.name },
                  'Remove',
                  `Remove ${l.name} at ${where(l.scope, l.subject)}`,
                )}</td></tr>`,
            )}</tbody></table>`
      }
      ${form(
        ctx,
        'limit',
        html`<label for="limit-scope">Limit scope</label><select id="limit-scope" name="scope">${options(limitScopes)}</select>
          <label for="limit-subject">Domain, role, address or peer</label><input type="text" id="limit-subject" name="subject">
          <label for="limit-name">Limit</label><select id="limit-name" name="name">${options([...limitCatalog.keys()])}</select>
          <label for="limit-value">Value</label><input type="text" id="limit-value" name="value" required>
          <button type="submit">Set the limit</button>`,
      )}
      <h3>System filters and users' filters</h3>${
        filters.length === 0
          ? html`<p class="muted">No filters.</p>`
          : html`<table><thead><tr><th>#</th><th>Inbox</th><th>Criteria</th><th>Treatment</th><th></th></tr></thead><tbody>${filters.map(
              (f) =>
                html`<tr><td>${String(f.id)}</td><td>${f.owner ?? 'every inbox'}</td><td>${Object.entries(f.criteria)
                  .map(([k, v]) => `${k} ${String(v)}`)
                  .join(', ')}</td><td>${f.treatment}${f.argument ? ` ${f.argument}` : ''}</td><td>${button(
                  'filter-remove',
                  { id: String(f.id), owner: f.owner ?? '' },
                  'Remove',
                  `Remove filter ${f.id}`,
                )}</td></tr>`,
            )}</tbody></table>`
      }
      ${form(
        ctx,
        'filter',
        html`<label for="filter-subject">Subject (glob, * and ?)</label><input type="text" id="filter-subject" name="subject">
          <label for="filter-domain">Sender domain</label><input type="text" id="filter-domain" name="senderDomain">
          <label for="filter-treatment">Treatment</label><select id="filter-treatment" name="treatment">${options(treatments)}</select>
          <label for="filter-argument">Redirect to or tag</label><input type="text" id="filter-argument" name="argument">
          <button type="submit">Add a system filter</button>`,
      )}
      <h3>Switches that are off</h3>${
        switches.length === 0
          ? html`<p class="muted">Everything is on.</p>`
          : html`<table><thead><tr><th>Switch</th><th>Where</th><th>Set by</th><th></th></tr></thead><tbody>${switches.map(
              (s) =>
                html`<tr><td>${s.kind}</td><td>${where(s.scope, s.subject)}</td><td>${s.setBy}</td><td>${
                  s.setBy === 'operator'
                    ? button(
                        'switch',
                        { kind: s.kind, scope: s.scope, subject: s.subject, on: 'on' },
                        'Switch on',
                        `On: ${s.kind} at ${where(s.scope, s.subject)}`,
                      )
                    : ''
                }</td></tr>`,
            )}</tbody></table>`
      }
      ${form(
        ctx,
        'switch',
        html`<input type="hidden" name="on" value="off"><label for="switch-kind">Switch off</label><select id="switch-kind" name="kind">${options(switchKinds)}</select>
          <label for="switch-scope">Switch scope</label><select id="switch-scope" name="scope">${options(switchScopes)}</select>
          <label for="switch-subject">Domain, address or peer</label><input type="text" id="switch-subject" name="subject">
          <button type="submit">Switch off</button>`,
      )}`,
      status,
    );
  }

  /** A change, then the page again with what it did or why not. */
  function change(path: string, act: (req: Request, account: Parameters<typeof policy.listLimits>[0]) => Promise<string>): void {
    router.post(path, async (req, res) => {
      const who = await kit.signedInAdmin(req, res);
      if (!who) return;
      try {
        await page(req, res, { kind: 'ok', text: await act(req, who.account) });
      } catch (error) {
        const failed = kit.failure(error, res);
        await page(req, res, failed.notice, failed.status);
      }
    });
  }

  router.get('/policy', (req, res) => page(req, res));
  change('/limit', async (req, caller) => {
    const rule = await policy.setLimit(
      caller,
      field(req, 'scope', 16),
      optionalField(req, 'subject', 320),
      field(req, 'name', 64),
      field(req, 'value', 1024),
    );
    return `${rule.name} is ${rule.text ?? String(rule.value)} at ${where(rule.scope, rule.subject)}.`;
  });
  change('/limit-remove', async (req, caller) => {
    const name = field(req, 'name', 64);
    await policy.removeLimit(caller, field(req, 'scope', 16), optionalField(req, 'subject', 320), name);
    return `${name} removed.`;
  });
  change('/filter', async (req, caller) => {
    const criteria = {
      ...(optionalField(req, 'subject', 1024) ? { subject: optionalField(req, 'subject', 1024)! } : {}),
      ...(optionalField(req, 'senderDomain', 253) ? { senderDomain: optionalField(req, 'senderDomain', 253)! } : {}),
    };
    const id = await policy.addFilter(caller, undefined, criteria, field(req, 'treatment', 16), optionalField(req, 'argument', 320));
    return `Filter ${String(id)} added.`;
  });
  change('/filter-remove', async (req, caller) => {
    const id = Number(field(req, 'id', 12));
    await policy.removeFilter(caller, id, optionalField(req, 'owner', 320));
    return `Filter ${String(id)} removed.`;
  });
  change('/switch', async (req, caller) => {
    const on = field(req, 'on', 3) === 'on';
    const kind = field(req, 'kind', 16);
    const scope = field(req, 'scope', 16);
    await policy.setSwitch(caller, kind, scope, optionalField(req, 'subject', 320), on);
    return `${kind} is ${on ? 'on' : 'off'} at ${where(scope, optionalField(req, 'subject', 320) ?? '')}.`;
  });
}
