// PP2-11 on /metrics: the live traffic, the deepest inboxes and the peers' queues as Prometheus gauges,
// read at each scrape from the same statistics as GetStatistics.
import { Gauge, type Registry } from 'prom-client';
import type { Store } from '../../kernel/ports.js';
import type { ServiceStatistics } from './admin-types.js';
import { serviceStatistics } from './statistics.js';

export function registerMonitoringMetrics(registry: Registry, store: Store, clock: () => number): void {
  // One read per scrape, shared by the gauges of that scrape.
  let current: Promise<ServiceStatistics> | undefined;
  const statistics = () => {
    current ??= serviceStatistics(store, clock()).finally(() => setImmediate(() => (current = undefined)));
    return current;
  };
  const gauge = (name: string, help: string, label: string, read: (s: ServiceStatistics) => readonly { name: string; value: number }[]) =>
    new Gauge({
      name,
      help,
      labelNames: [label],
      registers: [registry],
      async collect() {
        this.reset();
        for (const row of read(await statistics())) this.set({ [label]: row.name }, row.value);
      },
    });
  gauge('imwsi_traffic_messages_per_second', 'Messages sent per second over the last minute, by domain', 'domain', (s) =>
    s.domainTraffic.map((r) => ({ name: r.name, value: r.messagesPerSecond })),
  );
  gauge('imwsi_consumer_messages_per_second', 'Messages sent per second over the last minute by the busiest consumers', 'consumer', (s) =>
    s.consumerTraffic.map((r) => ({ name: r.name, value: r.messagesPerSecond })),
  );
  gauge('imwsi_deepest_inbox_messages', 'Messages waiting in the deepest inboxes', 'address', (s) =>
    s.deepestInboxes.map((r) => ({ name: r.address, value: r.depth })),
  );
  gauge('imwsi_peer_queue_messages', "Recipients in each peer domain's outbound queue", 'domain', (s) =>
    s.peerQueues.map((r) => ({ name: r.domain, value: r.depth })),
  );
}
