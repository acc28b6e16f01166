// A consumer's directory (Appendix B; WSI-11, WSI-35): its own usernames mapped to IM addresses.
// The module's only entry: code outside src/modules/directory/ imports from here and nowhere else.
export { parseDirectoryCsv } from './directory-csv.js';
export { type DirectoryService } from './directory-service.js';
export { directoryRepository } from './knex/directory-repository.js';
export { directoryModule } from './module.js';
