// Prometheus metrics at /metrics: requests, faults, messages sent/delivered/expired, inbox depth.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

export interface GatewayMetrics {
  /** False in a process that serves no /metrics (a CLI command): `registry` is then not there to register on. */
  readonly collecting: boolean;
  readonly registry: Registry;
  request(service: string, operation: string): void;
  fault(operation: string, code: string): void;
  authenticationFailure(code: string): void;
  messagesSent(count: number): void;
  messagesDelivered(count: number): void;
  messagesExpired(count: number): void;
  forwarded(domain: string, count: number): void;
  forwardFailed(domain: string): void;
}

export function createMetrics(
  inboxDepth: () => Promise<number>,
  longPollsWaiting: () => number,
  outboundDepth: () => Promise<{ pending: number; sent: number }> = () => Promise.resolve({ pending: 0, sent: 0 }),
): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'imwsi_' });
  const requests = new Counter({
    name: 'imwsi_soap_requests_total',
    help: 'SOAP requests by operation',
    labelNames: ['service', 'operation'],
    registers: [registry],
  });
  type RequestCounter = ReturnType<typeof requests.labels>;
  const requestCounters = new Map<string, Map<string, RequestCounter>>();
  const faults = new Counter({
    name: 'imwsi_soap_faults_total',
    help: 'SOAP faults by code',
    labelNames: ['operation', 'code'],
    registers: [registry],
  });
  const authFailures = new Counter({
    name: 'imwsi_authentication_failures_total',
    help: 'Refused logins by fault code (SVC1102 wrong password, POL1008 throttled, ...)',
    labelNames: ['code'],
    registers: [registry],
  });
  const sent = new Counter({ name: 'imwsi_messages_sent_total', help: 'Messages accepted by SendMessages', registers: [registry] });
  const delivered = new Counter({ name: 'imwsi_messages_delivered_total', help: 'Inbox messages acknowledged', registers: [registry] });
  const expired = new Counter({ name: 'imwsi_messages_expired_total', help: 'Inbox messages expired undelivered', registers: [registry] });
  const forwarded = new Counter({
    name: 'imwsi_forwarded_total',
    help: 'Recipients accepted by a peer domain',
    labelNames: ['domain'],
    registers: [registry],
  });
  const forwardFailures = new Counter({
    name: 'imwsi_forward_failures_total',
    help: 'Failed forwarding attempts (retried)',
    labelNames: ['domain'],
    registers: [registry],
  });
  new Gauge({
    name: 'imwsi_outbound_queue',
    help: 'Recipients in the outbound queue by state (pending: not yet accepted by the peer; sent: awaiting its report)',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const depth = await outboundDepth();
      this.set({ state: 'pending' }, depth.pending);
      this.set({ state: 'sent' }, depth.sent);
    },
  });
  new Gauge({
    name: 'imwsi_inbox_depth',
    help: 'Messages waiting in all inboxes',
    registers: [registry],
    async collect() {
      this.set(await inboxDepth());
    },
  });
  new Gauge({
    name: 'imwsi_long_polls_waiting',
    help: 'GetMessages calls waiting for a message',
    registers: [registry],
    collect() {
      this.set(longPollsWaiting());
    },
  });
  return {
    collecting: true,
    registry,
    // Per request: the labelled child is looked up in two small Maps (services and their WSDL operations,
    // the only names that get here), so counting a request allocates nothing and hashes no label object.
    request(service, operation) {
      let byOperation = requestCounters.get(service);
      if (!byOperation) requestCounters.set(service, (byOperation = new Map<string, RequestCounter>()));
      let counter = byOperation.get(operation);
      if (!counter) byOperation.set(operation, (counter = requests.labels(service, operation)));
      counter.inc();
    },
    fault: (operation, code) => faults.inc({ operation, code }),
    authenticationFailure: (code) => authFailures.inc({ code }),
    messagesSent: (n) => sent.inc(n),
    messagesDelivered: (n) => delivered.inc(n),
    messagesExpired: (n) => expired.inc(n),
    forwarded: (domain, n) => forwarded.inc({ domain }, n),
    forwardFailed: (domain) => forwardFailures.inc({ domain }),
  };
}
