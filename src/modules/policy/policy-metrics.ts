// The policy figures on /metrics (PP2-11): refusals per reason, throttled requests, and quota use (units
// counted against each limit), registered on the gateway's registry beside its own.
import { Counter } from 'prom-client';
import type { GatewayMetrics } from '../../platform/http/metrics.js';
import type { PolicyEvents } from './send-checks.js';

export function policyMetrics(metrics: GatewayMetrics): PolicyEvents {
  const registers = [metrics.registry];
  const refusals = new Counter({
    name: 'imwsi_policy_refusals_total',
    help: 'Requests or recipients refused by policy, by reason (a limit name, switch, filter.<treatment>)',
    labelNames: ['reason'],
    registers,
  });
  const throttled = new Counter({
    name: 'imwsi_policy_throttled_total',
    help: 'Refusals for going past a rate or a per-period count, by limit',
    labelNames: ['limit'],
    registers,
  });
  const counted = new Counter({
    name: 'imwsi_policy_quota_used_total',
    help: 'Units counted against limits (messages, recipients, publications ...), by limit',
    labelNames: ['limit'],
    registers,
  });
  return {
    refused: (reason) => refusals.inc({ reason }),
    throttled: (limit) => throttled.inc({ limit }),
    counted: (limit, amount) => counted.inc({ limit }, amount),
  };
}

/** The events of a process that counts nothing (a CLI command). */
export const uncountedPolicyEvents: PolicyEvents = { refused: () => undefined, throttled: () => undefined, counted: () => undefined };
