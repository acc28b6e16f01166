// Long-poll wake-ups across gateway processes sharing one PostgreSQL database (README "Operating it": PostgreSQL is the
// scale-out store). Each gateway LISTENs on one dedicated connection; a commit that changed inboxes is
// announced with pg_notify, so a GetMessages waiting on another gateway answers at once, not at its deadline.
// Best effort by design: a lost notification only delays a long poll to its deadline, never loses a message.
import pg from 'pg';

const channel = 'imwsi_inbox';
// NOTIFY payloads must stay under 8000 bytes: account ids go in chunks.
const idsPerNotification = 500;

export interface InboxBus {
  publish(accountIds: readonly number[]): void;
  close(): Promise<void>;
}

export async function pgInboxBus(url: string, onWake: (accountIds: number[]) => void, onError: (error: Error) => void): Promise<InboxBus> {
  const listener = new pg.Client({ connectionString: url });
  listener.on('error', onError);
  listener.on('notification', (message) => {
    if (message.channel !== channel || !message.payload) return;
    onWake(message.payload.split(',').map(Number).filter(Number.isSafeInteger));
  });
  await listener.connect();
  await listener.query(`LISTEN ${channel}`);
  // Publishing shares nothing with the request path: its own small pool, fire and forget.
  const publisher = new pg.Pool({ connectionString: url, max: 2 });
  publisher.on('error', onError);
  return {
    publish(accountIds) {
      for (let i = 0; i < accountIds.length; i += idsPerNotification) {
        const payload = accountIds.slice(i, i + idsPerNotification).join(',');
        publisher.query('select pg_notify($1, $2)', [channel, payload]).catch(onError);
      }
    },
    async close() {
      await listener.end();
      await publisher.end();
    },
  };
}
