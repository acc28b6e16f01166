// Members in a peer domain, at the hosting domain (docs/groups.md "Members in a peer domain"): such a member
// is its stand-in account here (docs/federation.md "Stand-in accounts"), and what the group would write into
// its inbox becomes a social event for its domain, queued in the unit of work of the group's own writes, so
// the social queue's per-domain order and receipts carry it exactly once, in the group's order.
import { parseDomain } from '../../kernel/addresses.js';
import { AppError } from '../../kernel/errors.js';
import type { Notification } from '../../kernel/notices.js';
import type { NameValue } from '../../kernel/social-types.js';
import type { Account, NewMessage } from '../../kernel/types.js';
import type { Work } from '../../platform/db/unit-of-work.js';
import type { Party } from '../inbox/index.js';
import { domainOf, type RemoteSocial } from '../presence/index.js';
import { stateFields } from './remote-state.js';

/** What these functions read of the group options (not group-context.ts: group-events.ts imports this file). */
interface GroupOptions {
  readonly hostedDomains: readonly string[];
  readonly remote?: RemoteSocial | undefined;
}

interface GroupWork extends Work {
  readonly options: GroupOptions;
}

/** A group id with the hosting domain, as a peer domain's member names the group: `<groupId>@<domain>`. */
export interface QualifiedGroup {
  readonly id: string;
  readonly domain: string;
}

const groupIdPattern = /^[A-Za-z0-9]{1,64}$/;

/**
 * Splits `<groupId>@<domain>` on the last '@'. Not through parseAddress: group ids are mixed-case, and it
 * folds local parts to lower case.
 */
export function splitQualified(text: string): QualifiedGroup | undefined {
  const at = text.lastIndexOf('@');
  if (at < 0) return undefined;
  const id = text.slice(0, at);
  const domain = text.slice(at + 1);
  const parsed = domain.startsWith('@') ? undefined : parseDomain(domain);
  return groupIdPattern.test(id) && parsed ? { id, domain: parsed } : undefined;
}

export const qualified = (group: QualifiedGroup): string => `${group.id}@${group.domain}`;

/**
 * The domain that names this gateway's groups to peers: the first hosted domain (`--domain`), stable for the
 * group's life whoever owns it (a peer must have that domain bound to our peer account, docs/federation.md).
 */
export const homeDomain = (options: GroupOptions): string => options.hostedDomains[0]!;

/** A group id that names a group of a peer domain (qualified with a domain not hosted here). */
export function peerGroupOf(options: GroupOptions, groupId: string): QualifiedGroup | undefined {
  if (!groupId.includes('@')) return undefined;
  const group = splitQualified(groupId);
  return group && !options.hostedDomains.includes(group.domain) ? group : undefined;
}

/** The group's own id, also when a member names it qualified with a domain hosted here. */
export function localGroupId(options: GroupOptions, groupId: string): string {
  const group = groupId.includes('@') ? splitQualified(groupId) : undefined;
  return group && options.hostedDomains.includes(group.domain) ? group.id : groupId;
}

export const isRemote = (options: GroupOptions, party: { readonly address: string }): boolean =>
  !options.hostedDomains.includes(domainOf(party.address));

/** The parties of this gateway's domains, and those of peer domains (stand-ins). */
export function splitParties<P extends { readonly address: string }>(
  options: GroupOptions,
  parties: readonly P[],
): { local: P[]; remote: P[] } {
  const local: P[] = [];
  const remote: P[] = [];
  for (const p of parties) (isRemote(options, p) ? remote : local).push(p);
  return { local, remote };
}

const attributeOf = (attributes: readonly NameValue[], name: string) => attributes.find((a) => a.name === name)?.value;

/** The notice's fields besides its attributes, carried as `notice.*` attributes (the wire has no other place). */
function noticeFields(notification: Notification): NameValue[] {
  const fields: NameValue[] = [{ name: 'notice.type', value: notification.type }];
  if ('address' in notification && notification.address !== undefined) fields.push({ name: 'notice.address', value: notification.address });
  if ('reason' in notification && notification.reason !== undefined) fields.push({ name: 'notice.reason', value: notification.reason });
  return fields;
}

const statusOf = (notification: Notification): string | undefined =>
  'status' in notification && typeof notification.status === 'string' ? notification.status : undefined;

/**
 * A group notice for a member in a peer domain: a `groupNotice` event, queued in this unit of work. Each but
 * a typing notice also carries the group and the member's own membership (remote-state.ts), so its gateway
 * knows the group.
 */
export async function noticeToRemote(work: GroupWork, to: Party, notification: Notification): Promise<void> {
  const remote = work.options.remote;
  if (!remote || !('attributes' in notification)) return;
  const groupId = attributeOf(notification.attributes, 'groupId') ?? '';
  const state = notification.type === 'groupTyping' ? [] : await stateFields(work.tx, groupId, to.accountId);
  await remote.send(work, {
    type: 'groupNotice',
    from: `${groupId}@${homeDomain(work.options)}`,
    to: to.address,
    status: statusOf(notification),
    attributes: [...noticeFields(notification), ...state, ...notification.attributes],
  });
}

/**
 * A copy of a group message for a member in a peer domain: a `groupMessage` event with the content. `extra`
 * marks a history item (remote-history.ts: the member's own message, for its gateway's history copy).
 */
export async function messageToRemote(work: GroupWork, to: Party, message: NewMessage, extra: readonly NameValue[] = []): Promise<void> {
  const remote = work.options.remote;
  const notification = message.notification;
  if (!remote || !notification || !('attributes' in notification)) return;
  const groupId = attributeOf(notification.attributes, 'groupId') ?? '';
  const validitySeconds = Math.max(1, Math.ceil((message.expiresAt - work.now) / 1000));
  await remote.send(work, {
    type: 'groupMessage',
    from: `${groupId}@${homeDomain(work.options)}`,
    to: to.address,
    status: statusOf(notification),
    attributes: [
      ...noticeFields(notification).filter((f) => f.name !== 'notice.type'),
      { name: 'message.contentType', value: message.contentType },
      ...(message.subject !== undefined ? [{ name: 'message.subject', value: message.subject }] : []),
      { name: 'message.validitySeconds', value: String(validitySeconds) },
      ...extra,
      ...notification.attributes,
    ],
    content: message.content,
  });
}

/**
 * At a member's gateway: a request about a group of a peer domain goes to that domain as an event, queued in
 * this unit of work; the caller is answered at once. The domain must be routed and speak Federation.
 */
export async function requestHost(
  work: GroupWork,
  caller: Account,
  group: QualifiedGroup,
  type: 'groupAnswer' | 'groupSend' | 'groupLeave' | 'groupJoin' | 'groupTyping' | 'groupOptions',
  status: string | undefined,
  attributes: readonly NameValue[],
  content?: Buffer,
): Promise<void> {
  const remote = work.options.remote;
  if (!remote) throw new AppError('SVC5001', [qualified(group)]);
  const reach = await remote.reach(work, group.domain);
  if (!reach.ok) throw new AppError(reach.code, [group.domain]);
  await remote.send(work, { type, from: caller.address, to: qualified(group), status, attributes, ...(content ? { content } : {}) });
}
