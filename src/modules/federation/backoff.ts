// Exponential backoff with jitter (5.14: a peer that is down is retried without hammering it).

export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

/** Delay before attempt `failures + 1`: base * 2^(failures-1), capped, then "equal jitter" (50-100%). */
export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
