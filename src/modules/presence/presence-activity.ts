// "Online" derives from activity: a user polling GetMessages is online. The inbox service stays unaware;
// this wraps its `get` so a poll marks activity when it starts and, for a long poll, again when it ends.
import type { InboxService } from '../inbox/index.js';
import type { PresenceService } from './presence-service.js';

export function withPresenceActivity(inbox: InboxService, presence: PresenceService): InboxService {
  return {
    ...inbox,
    async get(owner, request, abort) {
      await presence.touch(owner);
      try {
        return await inbox.get(owner, request, abort);
      } finally {
        if (request.waitSeconds) await presence.touch(owner);
      }
    },
  };
}
