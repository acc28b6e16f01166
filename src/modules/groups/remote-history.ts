// History across domains (MU-7, PP2-45; docs/groups.md "Members in a peer domain"). The member's gateway keeps
// a copy of every group message and member event it receives for a group of a peer domain, keyed by the
// host's groupSequence, and pages through it for GetGroupHistory. `history=N` on a join makes the hosting
// domain send the last N entries the member may read, each marked `history.at` (its time): kept in the copy,
// never written into the inbox, as a local join shows history in its answer and not as new messages.
import { isoTime } from '../../kernel/time.js';
import type { Repositories } from '../../kernel/ports.js';
import type { NameValue } from '../../kernel/social-types.js';
import type { Account } from '../../kernel/types.js';
import type { Party } from '../inbox/index.js';
import type { SocialEvent } from '../presence/index.js';
import type { GroupWork } from './group-context.js';
import type { GroupRecord, HistoryRecord, RemoteHistoryRecord } from './group-types.js';
import { valueOf } from './remote-fields.js';
import { homeDomain, type QualifiedGroup, qualified } from './remote-members.js';

/** The notice types a history holds besides messages. */
const historyNoticeTypes = ['groupMember', 'groupProperties'];

/** At the hosting domain: the last `count` entries `to` may read, oldest first, as history items. */
export async function historyToRemote(work: GroupWork, to: Party, group: GroupRecord, count: number): Promise<void> {
  const remote = work.options.remote;
  if (!remote || count < 1) return;
  const entries = await work.tx.groups.history(group.id, to.accountId, 'newestFirst', undefined, Math.min(count, work.options.historyPage));
  for (const e of entries.reverse()) await remote.send(work, historyEvent(work, to, group, e));
}

function historyEvent(work: GroupWork, to: Party, group: GroupRecord, e: HistoryRecord): SocialEvent {
  const text = (name: string, value: string | undefined) => (value === undefined ? [] : [{ name, value }]);
  const own: NameValue[] = [
    { name: 'history.at', value: isoTime(e.at) },
    { name: 'groupId', value: group.id },
    { name: 'groupName', value: group.name },
    ...text('screenName', e.screenName),
    { name: 'groupSequence', value: String(e.seq) },
  ];
  const from = `${group.id}@${homeDomain(work.options)}`;
  if (e.kind === 'message')
    return {
      type: 'groupMessage',
      from,
      to: to.address,
      status: e.privateTo === undefined ? 'group' : 'private',
      attributes: [{ name: 'message.contentType', value: e.contentType ?? 'text/plain; charset=utf-8' }, ...own],
      content: e.content ?? Buffer.alloc(0),
    };
  return {
    type: 'groupNotice',
    from,
    to: to.address,
    status: e.status,
    attributes: [{ name: 'notice.type', value: e.type ?? '' }, ...own],
  };
}

/** Whether an event from a hosting domain is a history item (kept in the copy only, never an inbox entry). */
export const isHistoryItem = (fields: ReadonlyMap<string, string>): boolean => fields.has('history.at');

/**
 * At a member's gateway: a group message or member event of a group the account belongs to enters its copy
 * under the host's groupSequence (a repeat changes nothing). `at` is when it was received, or a history
 * item's own time.
 */
export async function keepHistory(
  tx: Repositories,
  event: SocialEvent,
  account: Account,
  group: QualifiedGroup,
  fields: ReadonlyMap<string, string>,
  own: readonly NameValue[],
  at: number,
): Promise<void> {
  const seq = valueOf(own, 'groupSequence');
  const type = event.type === 'groupMessage' ? undefined : fields.get('notice.type');
  if (seq === undefined || !/^\d{1,15}$/.test(seq) || (type !== undefined && !historyNoticeTypes.includes(type))) return;
  const groupId = qualified(group);
  if (!(await tx.remoteGroups.find(account.id, groupId))) return;
  const message = event.type === 'groupMessage';
  await tx.remoteGroups.appendHistory({
    accountId: account.id,
    groupId,
    seq: Number(seq),
    kind: message ? 'message' : 'event',
    screenName: valueOf(own, 'screenName')?.slice(0, 64),
    private: event.status === 'private',
    type,
    status: message ? undefined : event.status,
    contentType: message ? (fields.get('message.contentType') ?? 'text/plain; charset=utf-8') : undefined,
    content: message ? event.content : undefined,
    at,
  });
}

/** A copy's entry as GetGroupHistory shows it (group-codec.ts's HistoryRecord). */
export const historyRecordOf = (e: RemoteHistoryRecord): HistoryRecord => ({
  groupId: e.groupId,
  seq: e.seq,
  kind: e.kind,
  messageId: undefined,
  senderId: undefined,
  screenName: e.screenName,
  privateTo: undefined,
  type: e.type,
  status: e.status as HistoryRecord['status'],
  contentType: e.contentType,
  content: e.content,
  at: e.at,
});
