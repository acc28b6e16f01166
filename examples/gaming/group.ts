// The gaming example's group step (issues 11 and 14: a group whose members live in two provider domains):
// U1 at B1 opens "Chess club" and invites U2 at B2; U2 accepts at B2 with the qualified id
// <groupId>@b1.example, and the two talk in the group, each at their own provider. B1 owns the group.
import type * as soap from 'soap';
import { type AcrossProviders, asList, serviceClient as client } from './presence.js';

const text = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** Reads the inbox (acknowledging) until an entry with the notice type `type` arrives; returns it. */
async function awaitNotice(im: soap.Client, type: string): Promise<any> {
  for (let i = 0; i < 40; i++) {
    const [batch] = await im.GetMessagesAsync({ waitSeconds: 1 });
    const messages = asList<any>(batch?.message);
    if (batch?.ackToken) await im.AckMessagesAsync({ ackToken: batch.ackToken });
    const found = messages.find((m) => m.notification?.type === type);
    if (found) return found;
  }
  return undefined;
}

const attribute = (m: any, name: string) => asList<any>(m?.notification?.attribute).find((a) => a.name === name)?.value;
const decode = (m: any) => Buffer.from(String(m?.content ?? ''), 'base64').toString('utf8');

export const groupAcrossProviders: AcrossProviders = async (b1, b2, passwords, say, check) => {
  const u1 = {
    groups: await client(b1, 'Groups', 'u1@b1.example', passwords.u1),
    im: await client(b1, 'InstantMessaging', 'u1@b1.example', passwords.u1),
  };
  const u2 = {
    groups: await client(b2, 'Groups', 'u2@b2.example', passwords.u2),
    im: await client(b2, 'InstantMessaging', 'u2@b2.example', passwords.u2),
  };
  const [created] = await u1.groups.CreateGroupAsync({ name: 'Chess club', screenName: 'Knight' });
  const groupId: string = created.group.groupId;
  await u1.groups.InviteToGroupAsync({ groupId, invitee: ['u2@b2.example'] });
  say('U1', `opens "Chess club" (${groupId}) at B1 and invites u2@b2.example`);
  const invitation = await awaitNotice(u2.im, 'groupInvitation');
  const qualified = attribute(invitation, 'groupId');
  say('U2', `reads the invitation at B2: group ${qualified}`);
  check(qualified === `${groupId}@b1.example`, 'the invitation names the group qualified with its hosting domain');
  await u2.groups.AnswerInvitationAsync({ groupId: qualified, accept: true, screenName: 'Queen' });
  const answer = await awaitNotice(u1.im, 'groupInvitationAnswer');
  say('U1', `hears the answer at B1: ${answer?.notification?.status}`);
  check(answer?.notification?.status === 'accepted', "U2's acceptance crossed to B1");
  await u1.groups.SendGroupMessageAsync({ groupId, content: text('Welcome to the club!') });
  const welcome = await awaitNotice(u2.im, 'groupMessage');
  say('U2', `reads at B2: ${attribute(welcome, 'screenName')}: "${decode(welcome)}"`);
  check(decode(welcome) === 'Welcome to the club!', "U2 at B2 reads U1's group message");
  await u2.groups.SendGroupMessageAsync({ groupId: qualified, content: text('Thanks, Knight!') });
  const thanks = await awaitNotice(u1.im, 'groupMessage');
  say('U1', `reads at B1: ${attribute(thanks, 'screenName')}: "${decode(thanks)}"`);
  check(decode(thanks) === 'Thanks, Knight!', "U1 at B1 reads U2's group message, sent at B2");
};
