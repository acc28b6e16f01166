// Policy (PP-10, PP-11, PP-24, PP-25, PP2-12, PP2-17, PP2-18, PP2-32, MO-2; docs/operations.md): limits,
// filters, switches, GetQuotaStatus. The module's only entry: code outside src/modules/policy/ imports from
// here and nowhere else.
export { policyRepository } from './knex/policy-repository.js';
export { limitCatalog } from './limit-catalog.js';
export { type PolicyService, policyService, switchKinds, switchScopes } from './policy-service.js';
export { policyModule } from './module.js';
export { switchPlace } from './send-checks.js';
export { type PolicyAdministration, policyAdminSoapHandlers } from './admin-soap.js';
