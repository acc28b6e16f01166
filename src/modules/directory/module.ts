// The directory module: each consumer's own usernames mapped to IM addresses (the Directory service).
import type { CapabilityModule } from '../../platform/modules/contract.js';
import { directoryService, type DirectoryService } from './directory-service.js';
import { directorySoapService } from './soap.js';

declare module '../../platform/modules/registry.js' {
  interface ServiceTypes {
    directory: DirectoryService;
  }
}

export const directoryModule: CapabilityModule = {
  name: 'directory',
  dependsOn: [],
  hooks: { offers: [], handles: [] },
  start(ctx) {
    const directory = directoryService(ctx.store, ctx.config.directory, ctx.work);
    ctx.provide('directory', directory);
    return { soap: [directorySoapService(directory)] };
  },
};
