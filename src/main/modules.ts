// Every capability module the gateway runs. The order here does not matter: composeModules starts them in
// dependency order and refuses a cycle. addressing is a code-only module (no services, no workers).
import type { CapabilityModule } from '../platform/modules/contract.js';
import { accountsModule } from '../modules/accounts/index.js';
import { contactsModule } from '../modules/contacts/index.js';
import { directoryModule } from '../modules/directory/index.js';
import { federationModule } from '../modules/federation/index.js';
import { groupsModule } from '../modules/groups/index.js';
import { inboxModule } from '../modules/inbox/index.js';
import { messagingModule } from '../modules/messaging/index.js';
import { presenceModule } from '../modules/presence/index.js';
import { privacyModule } from '../modules/privacy/index.js';
import { policyModule } from '../modules/policy/index.js';
import { accountingModule } from '../modules/accounting/index.js';
import { administrationModule } from '../modules/administration/index.js';

export const capabilityModules: readonly CapabilityModule[] = [
  accountsModule,
  inboxModule,
  federationModule,
  messagingModule,
  presenceModule,
  privacyModule,
  contactsModule,
  directoryModule,
  groupsModule,
  policyModule,
  accountingModule,
  administrationModule,
];
