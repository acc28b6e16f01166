// The directory module: each consumer's own usernames mapped to IM addresses (the Directory service).
import type { CapabilityModule } from '../../platform/modules/contract.js';
import { directoryService } from './directory-service.js';
import { directorySoapService } from './soap.js';

export const directoryModule: CapabilityModule = {
  name: 'directory',
  dependsOn: [],
  hooks: { offers: [], handles: [] },
  start(ctx) {
    return { soap: [directorySoapService(directoryService(ctx.store, ctx.config.directory, ctx.work))] };
  },
};
