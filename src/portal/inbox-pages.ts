// The inbox page: the messages waiting (leased to this session like any GetMessages and shown again on reload
// while the lease lasts; acknowledged with the batch's ack token, else they come back when the lease runs out,
// so nothing shown is lost), and a send form
// whose hidden clientMessageId makes a resubmitted form store the message once.
import { randomUUID } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import { AppError } from '../kernel/errors.js';
import { isoTime } from '../kernel/time.js';
import type { InboxMessage } from '../kernel/types.js';
import { form, html, type PageContext } from './html.js';
import { field, type PortalKit } from './portal-kit.js';

const shown = (m: InboxMessage): string =>
  m.contentType.startsWith('text/') ? m.content.toString('utf8') : `[${m.contentType}, ${m.content.length} bytes]`;

export function inboxPages(router: Router, kit: PortalKit): void {
  const { services } = kit;

  async function inboxPage(req: Request, res: Response, notice?: PageContext['notice'], status = 200): Promise<void> {
    const who = await kit.signedIn(req, res);
    if (!who) return;
    const held = who.session.leased;
    const batch =
      held && (held.leaseExpiresAt ?? 0) > kit.now() + 5_000
        ? held
        : // waitSeconds 0: answered at once, never parked (the page does not long-poll).
          (await services.inbox.poll(who.account, { maxMessages: 50, waitSeconds: 0, ackToken: undefined, inbox: undefined })).batch;
    who.session.leased = batch.ackToken ? batch : undefined;
    const ctx = kit.context(
      who.session,
      'Inbox',
      notice ?? (req.query.registered ? { kind: 'ok', text: `Welcome, ${who.account.address}: you are registered.` } : undefined),
    );
    const rows = batch.messages.map(
      (m) => html`<tr><td>${m.kind === 'notification' ? `(${m.notification?.type ?? 'notice'})` : (m.sender ?? '(hidden)')}</td>
        <td>${shown(m)}</td><td class="muted">${isoTime(m.receivedAt)}</td></tr>`,
    );
    const list = batch.messages.length
      ? html`<table><thead><tr><th>From</th><th>Message</th><th>Received</th></tr></thead><tbody>${rows}</tbody></table>
        ${batch.ackToken ? form(ctx, 'ack', html`<input type="hidden" name="ackToken" value="${batch.ackToken}"><button type="submit">Mark these as read</button>`) : ''}
        ${batch.pending > 0 ? html`<p class="muted">${batch.pending} more waiting.</p>` : ''}`
      : html`<p class="muted">No messages.</p>`;
    const send = form(
      ctx,
      'send',
      html`<input type="hidden" name="clientMessageId" value="${randomUUID()}">
        <label for="to">To (user ids or tel:+numbers, comma-separated)</label><input type="text" id="to" name="to" required>
        <label for="text">Message</label><textarea id="text" name="text" rows="3" required></textarea>
        <button type="submit">Send</button>`,
    );
    kit.show(res, ctx, html`${list}<h3>Send a message</h3>${send}`, status);
  }

  router.get('/', (req, res) => inboxPage(req, res));

  router.post('/ack', async (req, res) => {
    const who = await kit.signedIn(req, res);
    if (!who) return;
    try {
      await services.inbox.ack(who.account, { ackToken: field(req, 'ackToken', 64), sequenceNumbers: [] });
      who.session.leased = undefined;
      res.redirect(303, '/portal/');
    } catch (error) {
      const { notice, status } = kit.failure(error, res);
      await inboxPage(req, res, notice, status);
    }
  });

  router.post('/send', async (req, res) => {
    const who = await kit.signedIn(req, res);
    if (!who) return;
    try {
      const recipients = field(req, 'to', 4096)
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean);
      const text = field(req, 'text', 16_384);
      if (recipients.length === 0 || !text.trim()) throw new AppError('SVC0002', ['to and text']);
      const clientMessageId = field(req, 'clientMessageId', 64) || undefined;
      const [result] = await services.messaging.send(who.account, [
        {
          recipients,
          contentType: 'text/plain; charset=utf-8',
          content: Buffer.from(text, 'utf8'),
          subject: undefined,
          priority: 'normal',
          validitySeconds: undefined,
          deliveryReport: false,
          hideSender: false,
          clientMessageId,
        },
      ]);
      const failed = (result?.recipients ?? []).filter((r) => r.status === 'failed');
      const notice: PageContext['notice'] = failed.length
        ? {
            kind: 'error',
            text: `Not sent to: ${failed.map((r) => `${r.address} (${r.errorText ?? r.errorCode ?? 'failed'})`).join('; ')}`,
          }
        : { kind: 'ok', text: 'Sent.' };
      await inboxPage(req, res, notice);
    } catch (error) {
      const { notice, status } = kit.failure(error, res);
      await inboxPage(req, res, notice, status);
    }
  });
}
