// The console's pages: accounts (search, suspend, resume), usage (a day's records as CSV or JSON Lines),
// groups and moderation (close a group, remove a user from every group, the public chat switch) and live
// traffic (PP2-11), each over the administration module's service as the signed-in admin.
import type { Request, Response, Router } from 'express';
import { AppError } from '../kernel/errors.js';
import { parseUtcDateTime } from '../kernel/time.js';
import type { Account } from '../kernel/types.js';
import type { AdminService } from '../modules/administration/index.js';
import { formatUsage, usageCsvHeader, type UsageFormat } from '../modules/accounting/index.js';
import { form, type Html, html, type PageContext } from '../portal/html.js';
import { field } from '../portal/portal-kit.js';
import type { Session } from '../portal/sessions.js';

interface SignedInAdmin {
  readonly session: Session;
  readonly account: Account;
  ctx(title: string, notice?: PageContext['notice']): PageContext;
}

export interface ConsoleKit {
  readonly admin: AdminService;
  signedInAdmin(req: Request, res: Response): Promise<SignedInAdmin | undefined>;
  show(res: Response, ctx: PageContext, body: Html, status?: number): void;
  failure(error: unknown, res: Response): { notice: PageContext['notice']; status: number };
  readonly clock: () => number;
}

/** A query parameter as one string (absent, repeated or too long: empty). */
function query(req: Request, name: string, max = 320): string {
  const value: unknown = Object.getOwnPropertyDescriptor(req.query, name)?.value;
  return typeof value === 'string' && value.length <= max ? value : '';
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function consolePages(router: Router, kit: ConsoleKit): void {
  const { admin } = kit;

  async function accountsPage(req: Request, res: Response, notice?: PageContext['notice'], status = 200): Promise<void> {
    const who = await kit.signedInAdmin(req, res);
    if (!who) return;
    const text = query(req, 'q').trim();
    const after = Number(query(req, 'after') || '0');
    const ctx = who.ctx('Accounts', notice);
    try {
      const page = text
        ? await admin.search(who.account, text, Number.isSafeInteger(after) ? after : 0)
        : await admin.list(who.account, { afterId: Number.isSafeInteger(after) ? after : 0 });
      const rows = page.items.map((a) => {
        const action = a.state === 'suspended' ? 'resume' : 'suspend';
        const button = form(
          ctx,
          action,
          html`<input type="hidden" name="address" value="${a.address}"><button type="submit" aria-label="${action === 'suspend' ? 'Suspend' : 'Resume'} ${a.address}">${action === 'suspend' ? 'Suspend' : 'Resume'}</button>`,
          html`class="inline"`,
        );
        return html`<tr><td>${a.address}</td><td>${a.role}</td><td>${a.state}</td><td>${a.msisdn ?? '-'}</td><td>${a.role === 'admin' ? '' : button}</td></tr>`;
      });
      const more =
        page.nextAfterId === undefined
          ? ''
          : html`<p><a href="/console/accounts?q=${encodeURIComponent(text)}&after=${page.nextAfterId}">Next page</a></p>`;
      kit.show(
        res,
        ctx,
        html`<form method="get" action="/console/accounts" class="row"><div><label for="q">Address or number contains</label>
          <input type="text" id="q" name="q" value="${text}"></div><button type="submit">Search</button></form>
          <table><thead><tr><th>Address</th><th>Role</th><th>State</th><th>Number</th><th></th></tr></thead><tbody>${rows}</tbody></table>${more}`,
        status,
      );
    } catch (error) {
      const failed = kit.failure(error, res);
      kit.show(res, who.ctx('Accounts', failed.notice), html``, failed.status);
    }
  }
  router.get('/accounts', (req, res) => accountsPage(req, res));
  for (const action of ['suspend', 'resume'] as const) {
    router.post(`/${action}`, async (req, res) => {
      const who = await kit.signedInAdmin(req, res);
      if (!who) return;
      try {
        const account = await admin[action](who.account, field(req, 'address', 320));
        await accountsPage(req, res, { kind: 'ok', text: `${account.address} is ${account.state}.` });
      } catch (error) {
        const failed = kit.failure(error, res);
        await accountsPage(req, res, failed.notice, failed.status);
      }
    });
  }

  router.get('/usage', async (req, res) => {
    const who = await kit.signedInAdmin(req, res);
    if (!who) return;
    kit.show(
      res,
      who.ctx('Usage'),
      html`<p class="muted">Usage records of one day (UTC), for billing: the same records as <code>imwsi usage export</code>
        and ExportUsage. Keep the last recordId and resume after it for a feed that never misses a record.</p>
        <form method="get" action="/console/usage/export"><label for="day">Day</label><input type="date" id="day" name="day" value="${day(kit.clock())}" required>
        <label for="format">Format</label><select id="format" name="format"><option value="csv">CSV</option><option value="jsonl">JSON Lines</option></select>
        <button type="submit">Export the day</button></form>`,
    );
  });
  router.get('/usage/export', async (req, res) => {
    const who = await kit.signedInAdmin(req, res);
    if (!who) return;
    try {
      const chosen = query(req, 'day');
      const since = /^\d{4}-\d{2}-\d{2}$/.test(chosen) ? parseUtcDateTime(`${chosen}T00:00:00Z`) : undefined;
      if (since === undefined) throw new AppError('SVC9001', ['day must be a date (2026-11-30)']);
      const format: UsageFormat = query(req, 'format') === 'jsonl' ? 'jsonl' : 'csv';
      const { records } = await admin.streamUsage(who.account, { afterId: 0, since, until: since + 86_400_000 });
      res.status(200).set({
        'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
        'Content-Disposition': `attachment; filename="usage-${chosen}.${format}"`,
      });
      if (format === 'csv') res.write(usageCsvHeader());
      for await (const record of records) {
        if (res.destroyed) return; // the browser went away: stop reading
        // Streaming: wait for the socket to drain (or close) rather than hold the day in memory.
        if (!res.write(formatUsage(record, format))) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
      }
      res.end();
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      const failed = kit.failure(error, res);
      kit.show(res, who.ctx('Usage', failed.notice), html`<p><a href="/console/usage">Back</a></p>`, failed.status);
    }
  });

  async function groupsPage(req: Request, res: Response, notice?: PageContext['notice'], status = 200): Promise<void> {
    const who = await kit.signedInAdmin(req, res);
    if (!who) return;
    const ctx = who.ctx('Groups and peers', notice);
    const open = await admin.publicChat(who.account);
    const peers = await admin.peers.list(who.account);
    const groups = await admin.groups(who.account, query(req, 'q').trim() || undefined, 0, 100, true);
    kit.show(
      res,
      ctx,
      html`<h3>Groups</h3><form method="get" action="/console/groups" class="row"><div><label for="q">Name or topic contains</label>
          <input type="text" id="q" name="q" value="${query(req, 'q')}"></div><button type="submit">Search</button></form>${
            groups.rooms.length === 0
              ? html`<p class="muted">No open groups.</p>`
              : html`<table><thead><tr><th>Group</th><th>Kind</th><th>Members</th><th></th></tr></thead><tbody>${groups.rooms.map(
                  ({ group: g, memberCount }) =>
                    html`<tr><td>${g.name}</td><td>${g.visibility} ${g.access}</td><td>${String(memberCount)}</td><td>${form(
                      ctx,
                      'close-group',
                      html`<input type="hidden" name="groupId" value="${g.id}"><button type="submit" aria-label="Close ${g.name}">Close</button>`,
                      html`class="inline"`,
                    )}</td></tr>`,
                )}</tbody></table>${groups.total > groups.rooms.length ? html`<p class="muted">${String(groups.total - groups.rooms.length)} more: search by name.</p>` : ''}`
          }
        <h3>Remove a user from every group</h3><p class="muted">Kicks (or bans) the account out of every group it is in at
        once; each group hears it; groups it owns are left alone (close them above).</p>
        ${form(
          ctx,
          'remove-from-groups',
          html`<label for="rm-address">Address</label><input type="text" id="rm-address" name="address" required>
            <label for="rm-reason">Reason the groups read</label><input type="text" id="rm-reason" name="reason">
            <label><input type="checkbox" name="ban" value="on"> Ban, not only kick</label>
            <button type="submit">Remove from every group</button>`,
        )}
        <h3>Public chat</h3><p>Public chat rooms are <strong>${open ? 'on' : 'off'}</strong>. Switched off, nobody but the
        operator can list, join or speak in them (POL5009); members keep their places for when it is back on.</p>
        ${form(ctx, 'public-chat', html`<input type="hidden" name="enabled" value="${open ? 'off' : 'on'}"><button type="submit">${open ? 'Switch public chat off' : 'Switch public chat on'}</button>`)}
        <h3>Peer domains</h3>${
          peers.length === 0
            ? html`<p class="muted">No peer domains.</p>`
            : html`<table><thead><tr><th>Domain</th><th>Forwarded to</th><th>Sends as</th></tr></thead><tbody>${peers.map(
                (p) => html`<tr><td>${p.domain}</td><td>${p.endpointUrl ?? '-'}</td><td>${p.inboundAccount ?? '-'}</td></tr>`,
              )}</tbody></table>`
        }`,
      status,
    );
  }
  router.get('/groups', (req, res) => groupsPage(req, res));
  router.post('/close-group', async (req, res) => {
    const who = await kit.signedInAdmin(req, res);
    if (!who) return;
    try {
      const groupId = field(req, 'groupId', 64);
      await admin.closeGroup(who.account, groupId, undefined);
      await groupsPage(req, res, { kind: 'ok', text: `Group ${groupId} is closed; its members were told.` });
    } catch (error) {
      const failed = kit.failure(error, res);
      await groupsPage(req, res, failed.notice, failed.status);
    }
  });
  router.post('/remove-from-groups', async (req, res) => {
    const who = await kit.signedInAdmin(req, res);
    if (!who) return;
    try {
      const address = field(req, 'address', 320).trim();
      const ban = field(req, 'ban', 3) === 'on';
      const outcomes = await admin.removeFromGroups(who.account, address, ban, field(req, 'reason', 1024).trim() || undefined);
      const done = outcomes.filter((o) => o.outcome !== 'owner').length;
      await groupsPage(req, res, { kind: 'ok', text: `${address} was ${ban ? 'banned' : 'kicked'} from ${done} group(s).` });
    } catch (error) {
      const failed = kit.failure(error, res);
      await groupsPage(req, res, failed.notice, failed.status);
    }
  });
  router.post('/public-chat', async (req, res) => {
    const who = await kit.signedInAdmin(req, res);
    if (!who) return;
    try {
      const enabled = (await admin.setPublicChat(who.account, field(req, 'enabled', 3) === 'on')) ? 'on' : 'off';
      await groupsPage(req, res, { kind: 'ok', text: `Public chat is ${enabled}.` });
    } catch (error) {
      const failed = kit.failure(error, res);
      await groupsPage(req, res, failed.notice, failed.status);
    }
  });

  router.get('/traffic', async (req, res) => {
    const who = await kit.signedInAdmin(req, res);
    if (!who) return;
    const s = await admin.statistics(who.account);
    const peak = Math.max(0.001, ...s.domainTraffic.map((r) => r.messagesPerSecond), ...s.consumerTraffic.map((r) => r.messagesPerSecond));
    const deepest = Math.max(1, ...s.deepestInboxes.map((d) => d.depth));
    // Bars are <meter> elements: the console runs no script and allows no inline style (CSP).
    const rates = (rows: typeof s.domainTraffic, label: string) =>
      rows.length === 0
        ? html`<p class="muted">No ${label} traffic in the last ${s.windowSeconds} s.</p>`
        : html`<table><tbody>${rows.map(
            (r) =>
              html`<tr><td>${r.name}</td><td><meter min="0" max="${peak}" value="${r.messagesPerSecond}"></meter></td><td>${r.messagesPerSecond}/s</td></tr>`,
          )}</tbody></table>`;
    kit.show(
      res.set('Refresh', '10'),
      who.ctx('Live traffic'),
      html`<p class="muted">Messages per second over the last ${s.windowSeconds} s; this page refreshes every 10 s.
        Accounts: ${s.accounts.active} active, ${s.accounts.suspended} suspended, ${s.accounts.pending} pending.
        Waiting: ${s.inboxMessages} in inboxes, ${s.outboundQueued} for peers.</p>
        <h3>By domain</h3>${rates(s.domainTraffic, 'domain')}
        <h3>By consumer</h3>${rates(s.consumerTraffic, 'consumer')}
        <h3>Deepest inboxes</h3><table><tbody>${s.deepestInboxes.map(
          (d) =>
            html`<tr><td>${d.address}</td><td><meter min="0" max="${deepest}" value="${d.depth}"></meter></td><td>${d.depth}</td></tr>`,
        )}</tbody></table>
        <h3>Peer queues</h3><table><tbody>${s.peerQueues.map((p) => html`<tr><td>${p.domain}</td><td>${p.depth}</td></tr>`)}</tbody></table>`,
    );
  });
}
