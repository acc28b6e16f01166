// What the scenarios of a group across two domains share (group-across-domains*.test.ts): reading a user's
// inbox until something arrives, and "Crossing", Olga's private group at b1 with Pete, that Uma joined from b2.
import { list } from '../helpers/clients.js';
import type { InboxItem } from '../helpers/social.js';
import { attr, type GroupUser, groupUserOf } from '../groups/group-user.js';

/** Reads (and acknowledges) a user's inbox until `done` holds for everything read so far. */
export async function readUntil(
  user: GroupUser,
  done: (items: InboxItem[]) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<InboxItem[]> {
  const got: InboxItem[] = [];
  const deadline = Date.now() + timeoutMs;
  while (!done(got)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} at ${user.address}: ${JSON.stringify(got.map(brief))}`);
    got.push(...(await user.inbox(1)));
  }
  return got;
}

export const brief = (i: InboxItem) => `${i.notice?.type ?? i.kind}/${i.notice?.status ?? ''}/${i.text}`;
export const groupMessages = (items: InboxItem[]) => items.filter((i) => i.notice?.type === 'groupMessage');
export const withType = (type: string) => (items: InboxItem[]) => items.filter((i) => i.notice?.type === type);
export const seqOf = (i: InboxItem) => Number(attr(i.notice, 'groupSequence'));

/** Olga (owner) and Pete at b1, Uma at b2, in Olga's private group "Crossing"; Uma has joined from b2. */
export async function crossing(b1: { url: string }, b2: { url: string }) {
  const olga = await groupUserOf(b1, 'olga@b1.example');
  const pete = await groupUserOf(b1, 'pete@b1.example');
  const uma = await groupUserOf(b2, 'uma@b2.example');
  const { group } = await olga.groups.call('CreateGroup', { name: 'Crossing', screenName: 'Olga' });
  const id: string = group.groupId;
  const qualified = `${id}@b1.example`;
  const invited = await olga.groups.call('InviteToGroup', { groupId: id, invitee: ['pete@b1.example', 'uma@b2.example'] });
  const statuses = list<any>(invited.result).map((r) => [r.address, r.status]);
  await pete.groups.call('AnswerInvitation', { groupId: id, accept: true, screenName: 'Pete' });
  const invitation = (await readUntil(uma, (items) => withType('groupInvitation')(items).length > 0, 'the invitation'))[0]!;
  await uma.groups.call('AnswerInvitation', { groupId: qualified, accept: true, screenName: 'Uma' });
  const answer = withType('groupInvitationAnswer')(
    await readUntil(
      olga,
      (items) => withType('groupInvitationAnswer')(items).some((i) => i.notice?.address === 'uma@b2.example'),
      "Uma's answer",
    ),
  ).find((i) => i.notice?.address === 'uma@b2.example')!;
  return { olga, pete, uma, id, qualified, statuses, invitation, answer };
}
