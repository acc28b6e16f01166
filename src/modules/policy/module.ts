// The policy module (docs/operations.md): the operator's limits, filters and switches, and each user's own
// filters and delivery switch. Every check plugs into another module's hook; none of them is an `if` in the
// messaging code: SendMessages' submission (the sender's limits, submission switches) and admission
// (filters, receive limits), the inbox's delivery gate (delivery switches, a user's pause), the forwarder's
// gate (delivery switched off for a peer domain), the expiry's
// non-delivery reports (report storms, PP2-32), presence publications and group messages (MO-2).
import type { CapabilityModule } from '../../platform/modules/contract.js';
import { policyMetrics, uncountedPolicyEvents } from './policy-metrics.js';
import { policyService, type PolicyService } from './policy-service.js';
import { domainOf, rulesCache } from './rules.js';
import { accountSubject } from './quota.js';
import { policyAdmission, submissionCheck, trafficCheck } from './send-checks.js';
import { policySoapService } from './soap.js';

declare module '../../platform/modules/registry.js' {
  interface ServiceTypes {
    policy: PolicyService;
  }
}

export const policyModule: CapabilityModule = {
  name: 'policy',
  // privacy: its admission runs first, so a recipient it refuses is not counted against receive limits.
  dependsOn: ['accounts', 'messaging', 'inbox', 'privacy', 'presence', 'groups', 'federation'],
  hooks: {
    offers: [],
    handles: [
      'send.submission',
      'send.admission',
      'inbox.gate',
      'federation.forwardGate',
      'messaging.nonDelivery',
      'account.removed',
      'presence.publishing',
      'groups.sending',
    ],
  },
  start(ctx) {
    const rulesOf = rulesCache();
    // A CLI command composes the modules too, and counts nothing.
    const events = ctx.metrics.collecting ? policyMetrics(ctx.metrics) : uncountedPolicyEvents;
    ctx.handle('send.submission', submissionCheck(rulesOf, events));
    ctx.handle('send.admission', policyAdmission(rulesOf, events));
    ctx.handle('inbox.gate', async (work, owner) => {
      const rules = await rulesOf.forWork(work);
      return (
        !rules.empty &&
        rules.off('delivery', [
          ['service', ''],
          ['domain', domainOf(owner.address)],
          ['account', owner.address],
        ]) !== undefined
      );
    });
    ctx.handle('federation.forwardGate', async (domain) => {
      const rules = await rulesOf.read(ctx.store);
      return (
        !rules.empty &&
        rules.off('delivery', [
          ['service', ''],
          ['peer', domain],
        ]) !== undefined
      );
    });
    ctx.handle('messaging.nonDelivery', async (work, recipientAddress) => {
      const rules = await rulesOf.forWork(work);
      return (
        !rules.empty &&
        rules.off('reports', [
          ['service', ''],
          ['destination', recipientAddress.toLowerCase()],
          ['destination', domainOf(recipientAddress)],
        ]) !== undefined
      );
    });
    ctx.handle('account.removed', (work, account) => work.tx.policy.forgetAccount(account.id, account.address, accountSubject(account.id)));
    ctx.handle('presence.publishing', trafficCheck(rulesOf, 'publications', events));
    ctx.handle('groups.sending', trafficCheck(rulesOf, 'groupMessages', events));
    const policy = policyService(ctx.store, ctx.work, ctx.clock, ctx.config.policy);
    ctx.provide('policy', policy);
    return { soap: [policySoapService(policy)] };
  },
};
