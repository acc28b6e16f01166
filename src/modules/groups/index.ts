// Groups and chat rooms (GIM-4, 7, 8; MU-1..7; PP-26..44; PP2-40..45; use cases 5.9, 5.12, 5.13, 5.17).
// The module's only entry: code outside src/modules/groups/ imports from here and nowhere else.
export { groupRepository } from './knex/group-repository.js';
export { remoteGroupRepository } from './knex/remote-group-repository.js';
export { groupsModule } from './module.js';
export { type GroupService } from './group-service.js';
export { type MembershipService } from './membership-service.js';
export type { GroupSessionEvent } from './group-events.js';
export { type RoomAdmissionHook, type RoomRefusal } from './room-admission.js';
export { groupSweeper } from './group-sweeper.js';
