// The operator's Administration service, its CLI operations, the audit log and monitoring (GO-2, PP2-9, PP2-11).
// The module's only entry: code outside src/modules/administration/ imports from here and nowhere else.
export { type AdminService } from './admin-service.js';
export type { AuditEntry, ServiceStatistics } from './admin-types.js';
export { auditRepository } from './knex/audit-repository.js';
export { monitoringRepository } from './knex/monitoring-repository.js';
export { administrationModule } from './module.js';
