// Register is callable without credentials, so it is rate-limited per client address and in all (token
// buckets, like Synapse's rc_registration): over the limit it is refused with POL6003 and a Retry-After,
// before any password hashing or database work. Buckets live in memory: each gateway process limits its own
// share, which is what bounds that process's work.
import { AppError } from '../../kernel/errors.js';
import type { Clock } from '../../kernel/ports.js';

export interface RateSettings {
  readonly perMinute: number;
  readonly burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Client addresses remembered at most; past it the full buckets (those that would allow a burst) are dropped. */
const maxClients = 10_000;

export function registrationRate(perClient: RateSettings, global: RateSettings, clock: Clock) {
  const clients = new Map<string, Bucket>();
  const all: Bucket = { tokens: global.burst, at: clock() };

  function refill(bucket: Bucket, settings: RateSettings, now: number): void {
    bucket.tokens = Math.min(settings.burst, bucket.tokens + ((now - bucket.at) / 60_000) * settings.perMinute);
    bucket.at = now;
  }
  const waitSeconds = (bucket: Bucket, settings: RateSettings) => Math.max(1, Math.ceil(((1 - bucket.tokens) * 60) / settings.perMinute));

  function prune(now: number): void {
    for (const [client, bucket] of clients) {
      refill(bucket, perClient, now);
      if (bucket.tokens >= perClient.burst) clients.delete(client);
    }
  }

  return {
    /** Takes one registration from the client's and the global budget, or throws POL6003 with the wait. */
    take(client: string): void {
      const now = clock();
      let bucket = clients.get(client);
      if (!bucket) {
        if (clients.size >= maxClients) prune(now);
        bucket = { tokens: perClient.burst, at: now };
        clients.set(client, bucket);
      }
      refill(bucket, perClient, now);
      refill(all, global, now);
      if (bucket.tokens < 1) throw new AppError('POL6003', [waitSeconds(bucket, perClient)]);
      if (all.tokens < 1) throw new AppError('POL6003', [waitSeconds(all, global)]);
      bucket.tokens -= 1;
      all.tokens -= 1;
    },
  };
}

export type RegistrationRate = ReturnType<typeof registrationRate>;
