// The Groups service (wsdl/Groups.wsdl): decode, call one domain function, encode in schema order.
import { AppError } from '../../kernel/errors.js';
import type { Account } from '../../kernel/types.js';
import {
  asArray,
  optionalBoolean,
  optionalEnum,
  optionalInt,
  optionalString,
  requiredBase64,
  requiredBoolean,
  requiredString,
} from '../../platform/soap/codec.js';
import type { ServiceDefinition } from '../../platform/soap/mount.js';
import type { ChatBans } from './chat-bans.js';
import type { ConversationService } from './conversation-service.js';
import { decodeProperties, encodeGroup, encodeHistoryEntry, encodeMember } from './group-codec.js';
import type { GroupService } from './group-service.js';
import { groupAccesses, type GroupView, groupVisibilities } from './group-types.js';
import { type InviteResult, type MembershipService, moderationActions } from './membership-service.js';

const historyOrders = ['newestFirst', 'oldestFirst'] as const;
const requiredStrings = (value: unknown, part: string): string[] => asArray(value).map((v, i) => requiredString(v, `${part}[${i + 1}]`));
const encodeInviteResult = (r: InviteResult) => ({
  address: r.address,
  status: r.status,
  ...(r.errorCode ? { errorCode: r.errorCode, errorText: r.errorText } : {}),
});
const groupIdOf = (args: Record<string, unknown>) => requiredString(args.groupId, 'groupId');

export function groupsSoapService(
  groups: GroupService,
  membership: MembershipService,
  conversation: ConversationService,
  bans: ChatBans,
): ServiceDefinition {
  /** `history=N` of AnswerInvitation and JoinGroup: how many entries to show on join. */
  function historyCount(asked: unknown): number | undefined {
    const count = optionalInt(asked, 'history');
    if (count !== undefined && count < 0) throw new AppError('SVC0002', ['history']);
    return count || undefined;
  }

  /** PP2-45 "history shown on join": the latest entries, oldest first, when the joiner asked for them. */
  async function shownOnJoin(caller: Account, view: GroupView, count: number | undefined): Promise<{ entry?: object[] }> {
    if (count === undefined) return {};
    const page = await conversation.history(caller, view.group.id, 'newestFirst', undefined, count);
    return { entry: page.entries.reverse().map(encodeHistoryEntry) };
  }

  return {
    name: 'Groups',
    handlers: {
      // CreateGroup: the caller (or, for the operator, the named owner) owns the new group.
      async CreateGroup(args, { caller }) {
        const view = await groups.create(caller, {
          name: requiredString(args.name, 'name'),
          access: optionalEnum(args.access, groupAccesses, 'access'),
          visibility: optionalEnum(args.visibility, groupVisibilities, 'visibility'),
          durationSeconds: optionalInt(args.durationSeconds, 'durationSeconds'),
          screenName: optionalString(args.screenName, 'screenName'),
          owner: optionalString(args.owner, 'owner'),
          properties: decodeProperties(args.properties),
        });
        return { group: encodeGroup(view) };
      },

      // GetGroup: the group and its members as the caller may see them.
      async GetGroup(args, { caller }) {
        const { view, members } = await groups.get(caller, groupIdOf(args));
        const showAddresses = view.group.visibility === 'private';
        return { group: encodeGroup(view), member: members.map((m) => encodeMember(m, showAddresses)) };
      },

      // ListMyGroups: the caller's open groups.
      async ListMyGroups(_args, { caller }) {
        return { group: (await groups.listMine(caller)).map(encodeGroup) };
      },

      // SetGroupProperties: owner and admins; members hear of it.
      async SetGroupProperties(args, { caller }) {
        return { group: encodeGroup(await groups.setProperties(caller, groupIdOf(args), decodeProperties(args.properties))) };
      },

      // InviteToGroup: per invitee, invited or failed with a code.
      async InviteToGroup(args, { caller }) {
        const results = await membership.invite(caller, groupIdOf(args), requiredStrings(args.invitee, 'invitee'));
        return {
          result: results.map((r) => ({
            address: r.address,
            status: r.status,
            ...(r.errorCode ? { errorCode: r.errorCode, errorText: r.errorText } : {}),
          })),
        };
      },

      // AnswerInvitation: accept (the group comes back) or decline.
      async AnswerInvitation(args, { caller }) {
        const history = historyCount(args.history);
        const view = await membership.answer(
          caller,
          groupIdOf(args),
          requiredBoolean(args.accept, 'accept'),
          optionalString(args.screenName, 'screenName'),
          history,
        );
        return view ? { group: encodeGroup(view), ...(await shownOnJoin(caller, view, history)) } : {};
      },

      // JoinGroup: joined, or requested for a closed group (and for any group of a peer domain: its host decides).
      async JoinGroup(args, { caller }) {
        const history = historyCount(args.history);
        const joined = await membership.join(caller, groupIdOf(args), optionalString(args.screenName, 'screenName'), history);
        if (!joined.view) return { status: joined.status };
        return { status: joined.status, group: encodeGroup(joined.view), ...(await shownOnJoin(caller, joined.view, history)) };
      },

      // DecideJoinRequest: an admin approves or refuses a request by its screen name.
      async DecideJoinRequest(args, { caller }) {
        return {
          status: await membership.decide(
            caller,
            groupIdOf(args),
            requiredString(args.screenName, 'screenName'),
            requiredBoolean(args.approve, 'approve'),
          ),
        };
      },

      // LeaveGroup: the caller leaves; the others hear it.
      async LeaveGroup(args, { caller }) {
        return { left: await membership.leave(caller, groupIdOf(args)) };
      },

      // ModerateMember: kick, ban, unban, mute, unmute, grantAdmin, revokeAdmin.
      async ModerateMember(args, { caller }) {
        const action = optionalEnum(args.action, moderationActions, 'action');
        if (action === undefined) throw new AppError('SVC0002', ['action']);
        const status = await membership.moderate(
          caller,
          groupIdOf(args),
          requiredString(args.screenName, 'screenName'),
          action,
          optionalString(args.reason, 'reason'),
        );
        return { status };
      },

      // SendGroupMessage: to every member (or privately to one), in the group's order.
      async SendGroupMessage(args, { caller }) {
        const sent = await conversation.send(caller, groupIdOf(args), {
          contentType: optionalString(args.contentType, 'contentType')?.trim() || undefined,
          content: requiredBase64(args.content, 'content'),
          subject: optionalString(args.subject, 'subject'),
          privateTo: optionalString(args.privateTo, 'privateTo'),
          validitySeconds: optionalInt(args.validitySeconds, 'validitySeconds'),
          deliveryReport: optionalBoolean(args.deliveryReport, 'deliveryReport') ?? false,
          clientMessageId: optionalString(args.clientMessageId, 'clientMessageId'),
        });
        return {
          messageId: sent.messageId,
          groupSequence: sent.groupSequence,
          expiresAt: new Date(sent.expiresAt).toISOString(),
          recipients: sent.recipients,
        };
      },

      // GetGroupHistory: one page of messages and member events.
      async GetGroupHistory(args, { caller }) {
        const page = await conversation.history(
          caller,
          groupIdOf(args),
          optionalEnum(args.order, historyOrders, 'order') ?? 'newestFirst',
          optionalInt(args.from, 'from', Number.MAX_SAFE_INTEGER),
          optionalInt(args.maxEntries, 'maxEntries'),
        );
        return { entry: page.entries.map(encodeHistoryEntry), more: page.more };
      },

      // SetTyping: composing or idle, to the members who take typing notices.
      async SetTyping(args, { caller }) {
        return { sent: await conversation.typing(caller, groupIdOf(args), requiredBoolean(args.composing, 'composing')) };
      },

      // SetMemberOptions: the caller's screen name and typing-notice opt-out in one group.
      async SetMemberOptions(args, { caller }) {
        const member = await membership.setOptions(
          caller,
          groupIdOf(args),
          optionalString(args.screenName, 'screenName'),
          optionalBoolean(args.typingNotices, 'typingNotices'),
        );
        return { member: encodeMember(member, true) };
      },

      // ListRooms: the public room directory, searched by name or topic.
      async ListRooms(args, { caller }) {
        const offset = optionalInt(args.offset, 'offset') ?? 0;
        const max = optionalInt(args.maxRooms, 'maxRooms') ?? 50;
        if (offset < 0) throw new AppError('SVC0002', ['offset']);
        if (max < 1) throw new AppError('SVC0002', ['maxRooms']);
        const found = await groups.rooms(caller, optionalString(args.query, 'query'), offset, max);
        return { room: found.rooms.map(encodeGroup), total: found.total };
      },

      // ExtendGroup: a temporary group lives longer.
      async ExtendGroup(args, { caller }) {
        const seconds = optionalInt(args.durationSeconds, 'durationSeconds');
        if (seconds === undefined) throw new AppError('SVC0002', ['durationSeconds']);
        return { group: encodeGroup(await groups.extend(caller, groupIdOf(args), seconds)) };
      },

      // CloseGroup: the owner, or the operator for any group.
      async CloseGroup(args, { caller }) {
        return { closed: await groups.close(caller, groupIdOf(args), optionalString(args.reason, 'reason')) };
      },

      // ConvertConversation: a one-to-one conversation becomes a private group with a third party invited.
      async ConvertConversation(args, { caller }) {
        const converted = await membership.convert(
          caller,
          requiredString(args.peer, 'peer'),
          requiredStrings(args.invitee, 'invitee'),
          optionalString(args.name, 'name'),
          optionalString(args.screenName, 'screenName'),
        );
        return { group: encodeGroup(converted.view), result: converted.results.map(encodeInviteResult) };
      },

      // SetPublicChat: the operator switches public chat on or off for the whole server.
      async SetPublicChat(args, { caller }) {
        return { enabled: await groups.setPublicChat(caller, requiredBoolean(args.enabled, 'enabled')) };
      },

      // BanEverywhere (5.17): the operator removes a rogue user from every public room and bars it from them.
      async BanEverywhere(args, { caller }) {
        const banned = await bans.ban(caller, requiredString(args.user, 'user'), optionalString(args.reason, 'reason') || undefined);
        return { user: banned.address, roomsLeft: banned.roomsLeft };
      },

      // UnbanEverywhere: lifts the bar.
      async UnbanEverywhere(args, { caller }) {
        return { user: await bans.unban(caller, requiredString(args.user, 'user')) };
      },
    },
  };
}
