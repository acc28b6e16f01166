// XML shapes of the Groups service (wsdl/Groups.wsdl), in schema element order: the response writer follows
// object order. A public room never shows an address (5.17): owner and member addresses go out in private
// groups only.
import { asObject, isoTime, optionalBoolean, optionalEnum, optionalInt, optionalString } from '../../platform/soap/codec.js';
import { groupAccesses, type GroupProperties, type GroupView, type HistoryRecord, type MemberRecord } from './group-types.js';

export const encodeGroup = ({ group: g, me, memberCount }: GroupView) => ({
  groupId: g.id,
  name: g.name,
  access: g.access,
  visibility: g.visibility,
  temporary: g.expiresAt !== undefined,
  createdByOperator: g.createdByOperator,
  ...(g.visibility === 'private' && g.ownerAddress !== undefined ? { owner: g.ownerAddress } : {}),
  ...(g.topic !== undefined ? { topic: g.topic } : {}),
  ...(g.welcome !== undefined ? { welcome: g.welcome } : {}),
  maxMembers: g.maxMembers,
  privateMessages: g.privateMessages,
  membersMayInvite: g.membersMayInvite,
  historySeconds: g.historySeconds,
  memberCount,
  createdAt: isoTime(g.createdAt),
  ...(g.expiresAt !== undefined ? { expiresAt: isoTime(g.expiresAt) } : {}),
  ...(me ? { role: me.role, screenName: me.screenName } : {}),
});

export const encodeMember = (m: MemberRecord, showAddress: boolean) => ({
  screenName: m.screenName,
  role: m.role,
  ...(showAddress ? { address: m.address } : {}),
  muted: m.muted,
  typingNotices: m.typingNotices,
  joinedAt: isoTime(m.joinedAt),
});

export const encodeHistoryEntry = (e: HistoryRecord) => ({
  groupSequence: e.seq,
  kind: e.kind,
  ...(e.screenName !== undefined ? { screenName: e.screenName } : {}),
  ...(e.type !== undefined ? { type: e.type } : {}),
  ...(e.status !== undefined ? { status: e.status } : {}),
  ...(e.contentType !== undefined ? { contentType: e.contentType } : {}),
  ...(e.content !== undefined ? { content: e.content.toString('base64') } : {}),
  at: isoTime(e.at),
});

/** GroupProperties: every element optional; an absent one is left unchanged. */
export function decodeProperties(value: unknown): Partial<GroupProperties> {
  const p = asObject(value, 'properties');
  const out: { -readonly [K in keyof GroupProperties]?: GroupProperties[K] } = {};
  const topic = optionalString(p.topic, 'properties.topic');
  if (topic !== undefined) out.topic = topic;
  const welcome = optionalString(p.welcome, 'properties.welcome');
  if (welcome !== undefined) out.welcome = welcome;
  const maxMembers = optionalInt(p.maxMembers, 'properties.maxMembers');
  if (maxMembers !== undefined) out.maxMembers = maxMembers;
  const privateMessages = optionalBoolean(p.privateMessages, 'properties.privateMessages');
  if (privateMessages !== undefined) out.privateMessages = privateMessages;
  const membersMayInvite = optionalBoolean(p.membersMayInvite, 'properties.membersMayInvite');
  if (membersMayInvite !== undefined) out.membersMayInvite = membersMayInvite;
  const historySeconds = optionalInt(p.historySeconds, 'properties.historySeconds');
  if (historySeconds !== undefined) out.historySeconds = historySeconds;
  const access = optionalEnum(p.access, groupAccesses, 'properties.access');
  if (access !== undefined) out.access = access;
  return out;
}
