// The groups module (docs/groups.md): private groups, temporary groups and public chat rooms, served as the
// Groups service. Group messages and events go into members' inboxes through the inbox's delivery, in the
// caller's unit of work. It offers the account-policy hooks (room admission for minors' protection, default
// screen names), which the accounts capability fills, and runs the sweep of temporary groups, tombstones and
// history.
import type { CapabilityModule } from '../../platform/modules/contract.js';
import { chatBans, type ChatBans } from './chat-bans.js';
import { periodicWorker } from '../../platform/modules/periodic-worker.js';
import { conversationService, type ConversationService } from './conversation-service.js';
import { type GroupContext, groupOptionsOf, type GroupSendingHook } from './group-context.js';
import { groupService, type GroupService } from './group-service.js';
import { groupSweeper } from './group-sweeper.js';
import { membershipService, type MembershipService } from './membership-service.js';
import type { GroupMessageStoringHook, GroupSessionHook } from './group-events.js';
import type { RoomAdmissionHook, ScreenNameHook } from './room-admission.js';
import { groupsSoapService } from './soap.js';
import { groupEventHandler } from './remote-groups.js';

declare module '../../platform/modules/registry.js' {
  interface ServiceTypes {
    groups: GroupService;
    groupMembership: MembershipService;
    groupConversation: ConversationService;
    groupChatBans: ChatBans;
  }
  interface HookTypes {
    'groups.roomAdmission': RoomAdmissionHook;
    'groups.screenName': ScreenNameHook;
    'groups.sending': GroupSendingHook;
    /** A group session opened or closed, a member joined or left (group-events.ts). */
    'groups.session': GroupSessionHook;
    /** A group message is about to be stored (group-events.ts). */
    'groups.messageStoring': GroupMessageStoringHook;
  }
}

export const groupsModule: CapabilityModule = {
  name: 'groups',
  // inbox: group messages and notices are delivered into members' inboxes; contacts: `list:<name>` invitees
  // are read from the caller's contact lists (the contacts tables, in the inviting unit of work); presence:
  // members in peer domains are stand-ins and events through its `social` bridge, and it offers `social.group`.
  dependsOn: ['inbox', 'contacts', 'presence'],
  hooks: {
    offers: ['groups.roomAdmission', 'groups.screenName', 'groups.sending', 'groups.session', 'groups.messageStoring'],
    handles: ['social.group'],
  },
  start(ctx) {
    const context: GroupContext = {
      store: ctx.store,
      work: ctx.work,
      clock: ctx.clock,
      options: {
        ...groupOptionsOf(ctx.config),
        sessionEvents: ctx.handlers('groups.session'),
        messageStoring: ctx.handlers('groups.messageStoring'),
        // Members in peer domains through presence's bridge to federation (docs/groups.md), unless switched off.
        remote: ctx.config.groups.acrossDomains ? ctx.use('social').remote : undefined,
      },
      roomAdmission: ctx.handlers('groups.roomAdmission'),
      screenNames: ctx.handlers('groups.screenName'),
      sending: ctx.handlers('groups.sending'),
    };
    const groups = groupService(context);
    const membership = membershipService(context);
    const conversation = conversationService(context);
    if (ctx.config.groups.acrossDomains) ctx.handle('social.group', groupEventHandler(context.options, membership, conversation));
    ctx.provide('groups', groups);
    ctx.provide('groupMembership', membership);
    ctx.provide('groupConversation', conversation);
    const bans = chatBans(context);
    ctx.provide('groupChatBans', bans);
    return {
      soap: [groupsSoapService(groups, membership, conversation, bans)],
      workers: [periodicWorker('groups sweep', ctx.config.sweepIntervalMs, groupSweeper(context), ctx.logger)],
    };
  },
};
