// Fills a fresh SQLite database before the gateway starts: many accounts and deep inboxes in bulk SQL,
// because creating 10,000 accounts through scrypt or 1,000,000 messages through SOAP would take hours.
// Rows are exactly what the repositories write (same columns, same JSON), so the gateway cannot tell.
import { dirname, join } from 'node:path';
import type { Knex } from 'knex';
import { hashPassword } from '../src/platform/auth/password-hash.js';
import { loadOrCreateKey, secretBox } from '../src/platform/auth/secret-box.js';
import { openDatabase } from '../src/platform/db/database.js';
import { migrateLatest } from '../src/platform/db/migrate.js';

export interface AccountRange {
  readonly prefix: string;
  readonly firstId: number;
  readonly count: number;
  readonly password: string;
  address(i: number): string;
}

export interface Prefill {
  /** `count` user accounts <prefix>-<i>@example.com, all with one password. */
  accounts(prefix: string, count: number, password: string): Promise<AccountRange>;
  /** `messages` messages spread round-robin over the inboxes of `range`, each fully queued. */
  inboxes(range: AccountRange, messages: number): Promise<void>;
  close(): Promise<void>;
}

// A recursive CTE counts 0..n-1 inside SQLite, so a million rows need no round trips.
const numbers = 'WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)';

export async function openPrefill(filename: string): Promise<Prefill> {
  const db: Knex = openDatabase({ client: 'better-sqlite3', filename, url: undefined });
  await migrateLatest(db);
  // The gateway's key file lives next to its database (gateway.ts keyFileFor): seal with the same key.
  const box = secretBox(loadOrCreateKey(join(dirname(filename), 'imwsi.key')));
  const now = Date.now();
  let batch = 0;

  return {
    async accounts(prefix, count, password) {
      const hash = await hashPassword(password);
      const sealed = box.seal(password);
      await db.raw(
        `${numbers} INSERT INTO accounts (address, msisdn, role, password_hash, sealed_secret, inbox_seq, created_at)
         SELECT ? || '-' || i || '@example.com', NULL, 'user', ?, ?, 0, ? FROM n`,
        [count, prefix, hash, sealed, now],
      );
      const first = (await db('accounts')
        .where({ address: `${prefix}-0@example.com` })
        .first('id')) as { id: number };
      return { prefix, firstId: first.id, count, password, address: (i: number) => `${prefix}-${i}@example.com` };
    },

    async inboxes(range, messages) {
      const tag = `prefill-${batch++}-`;
      const expiresAt = now + 30 * 86400_000;
      const content = Buffer.from('prefilled message, 40 bytes of content..');
      await db.transaction(async (trx) => {
        await trx.raw(
          `${numbers} INSERT INTO messages (id, kind, sender_account_id, sender_address, hide_sender, client_message_id,
             content_type, content, subject, priority, delivery_report, notification, recipient_list, sent_at, expires_at)
           SELECT ? || i, 'message', NULL, 'prefill@example.com', 0, NULL, 'text/plain; charset=utf-8', ?, NULL,
             'normal', 0, NULL, '["' || ? || '-' || (i % ?) || '@example.com"]', ?, ? FROM n`,
          [messages, tag, content, range.prefix, range.count, now, expiresAt],
        );
        await trx.raw(
          `${numbers} INSERT INTO message_recipients (message_id, position, address, account_id, status, error_code, error_text, updated_at)
           SELECT ? || i, 0, ? || '-' || (i % ?) || '@example.com', ? + (i % ?), 'queued', NULL, NULL, ? FROM n`,
          [messages, tag, range.prefix, range.count, range.firstId, range.count, now],
        );
        // Sequence numbers continue after what each inbox already holds.
        await trx.raw(
          `${numbers} INSERT INTO inbox_entries (account_id, seq, message_id, received_at, expires_at, lease_until, lease_token, delivery_count)
           SELECT a.id, a.inbox_seq + n.i / ? + 1, ? || n.i, ?, ?, NULL, NULL, 0
           FROM n JOIN accounts a ON a.id = ? + (n.i % ?)`,
          [messages, range.count, tag, now, expiresAt, range.firstId, range.count],
        );
        await trx.raw(
          `UPDATE accounts SET inbox_seq = (SELECT MAX(seq) FROM inbox_entries WHERE account_id = accounts.id),
             inbox_queued = (SELECT COUNT(*) FROM inbox_entries WHERE account_id = accounts.id AND held = 0)
           WHERE id BETWEEN ? AND ?`,
          [range.firstId, range.firstId + range.count - 1],
        );
      });
    },

    close: () => db.destroy(),
  };
}
