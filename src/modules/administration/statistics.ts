// Service statistics and live traffic (PP2-11): accounts by state, what waits in inboxes and peer queues,
// and messages per second over the last minute by domain and by consumer, read from the usage records
// (so every gateway on one PostgreSQL database sees the traffic of all of them).
import type { Store } from '../../kernel/ports.js';
import type { ServiceStatistics, TrafficRate } from './admin-types.js';

export const trafficWindowSeconds = 60;
/** Rows of the deepest inboxes and of the busiest consumers shown. */
export const topRows = 10;

const rate = (name: string, messages: number): TrafficRate => ({
  name,
  messages,
  messagesPerSecond: Math.round((messages / trafficWindowSeconds) * 1000) / 1000,
});

export async function serviceStatistics(store: Store, now: number): Promise<ServiceStatistics> {
  const states = await store.monitoring.accountStates();
  const senders = await store.monitoring.sendersSince(now - trafficWindowSeconds * 1000);
  const byDomain = new Map<string, number>();
  for (const s of senders) {
    const domain = s.address.slice(s.address.lastIndexOf('@') + 1);
    byDomain.set(domain, (byDomain.get(domain) ?? 0) + s.messages);
  }
  const consumers = senders
    .filter((s) => s.role === 'consumer')
    .sort((a, b) => b.messages - a.messages || a.address.localeCompare(b.address))
    .slice(0, topRows);
  return {
    at: now,
    accounts: { active: states.get('active') ?? 0, suspended: states.get('suspended') ?? 0, pending: states.get('pending') ?? 0 },
    ...(await store.monitoring.totals()),
    windowSeconds: trafficWindowSeconds,
    domainTraffic: [...byDomain].sort(([a], [b]) => a.localeCompare(b)).map(([domain, n]) => rate(domain, n)),
    consumerTraffic: consumers.map((c) => rate(c.address, c.messages)),
    deepestInboxes: await store.monitoring.deepestInboxes(topRows),
    peerQueues: await store.monitoring.peerQueues(),
  };
}
