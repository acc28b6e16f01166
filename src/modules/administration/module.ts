// The administration module (GO-2, PP2-9, PP2-11; docs/operations.md "Administration", "Monitoring"): it owns
// /wsi/Administration and assembles it from the federation module's peer operations and its own (accounts,
// charging, usage export, statistics, audit log), serves the same operations to the CLI (the `admin`
// service), and adds the live traffic, deepest inboxes and peer queues to /metrics.
import type { CapabilityModule } from '../../platform/modules/contract.js';
import { adminService, type AdminService } from './admin-service.js';
import { registerMonitoringMetrics } from './monitoring-metrics.js';
import { administrationSoapService } from './soap.js';

declare module '../../platform/modules/registry.js' {
  interface ServiceTypes {
    admin: AdminService;
  }
}

export const administrationModule: CapabilityModule = {
  name: 'administration',
  dependsOn: ['accounts', 'accounting', 'federation', 'groups', 'policy'],
  hooks: { offers: [], handles: [] },
  start(ctx) {
    const admin = adminService({
      store: ctx.store,
      work: ctx.work,
      clock: ctx.clock,
      accounts: ctx.use('accounts'),
      usage: ctx.use('usage'),
      peers: ctx.use('peers'),
      groups: ctx.use('groups'),
      policy: ctx.use('policy'),
      membership: ctx.use('groupMembership'),
    });
    ctx.provide('admin', admin);
    // A CLI command composes the modules too, and serves no /metrics.
    if (ctx.metrics.collecting) registerMonitoringMetrics(ctx.metrics.registry, ctx.store, ctx.clock);
    return { soap: [administrationSoapService(admin)] };
  },
};
