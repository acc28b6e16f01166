// Usage records, prepaid charging and their export (PP2-6, PP2-7, PP2-10, GO-3; docs/operations.md).
// The module's only entry: code outside src/modules/accounting/ imports from here and nowhere else.
export { chargingRepository } from './knex/charging-repository.js';
export { usageRepository } from './knex/usage-repository.js';
export { accountingModule } from './module.js';
export { type TermsChange, type UsageService } from './usage-service.js';
export type { ChargingTerms, UsageQuery, UsageRecord } from './usage-types.js';
export { formatUsage, usageCsvHeader, usageFields, type UsageFormat, usageFormats } from './usage-format.js';
