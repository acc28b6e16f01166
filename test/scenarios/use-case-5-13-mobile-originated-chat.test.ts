// Seed use case 5.13 "Mobile Originated Chat": Bob picks Sue from his contact list and messages her; she
// replies and they chat. Then (step 9b) Bob invites Carl: the two-person exchange becomes a private group
// with its history, Carl joins and reads what was said, and the session continues until every participant
// has left (9c). Through node soap and strong-soap.
import test from 'ava';
import { decode, list, text } from '../helpers/clients.js';
import { startTestGateway } from '../helpers/gateway.js';
import { stacks } from '../helpers/social.js';
import { attr, faultCode, groupUserOf } from '../groups/group-user.js';

for (const stack of stacks)
  test(`${stack}: use case 5.13: Bob and Sue chat one to one, Bob invites Carl, the chat becomes a group with its history`, async (t) => {
    const server = await startTestGateway({ accounts: ['bob', 'sue', 'carl'] });
    t.teardown(() => server.stop());
    const [bob, sue, carl] = await Promise.all(['bob', 'sue', 'carl'].map((n) => groupUserOf(server, n, stack)));
    await bob!.contacts.call('CreateContactList', { name: 'Friends' });
    await bob!.contacts.call('AddContact', { listName: 'Friends', contact: 'sue@example.com', nickname: 'Sue' });

    // Bob can convert only a conversation that happened.
    t.is(await faultCode(bob!.groups.call('ConvertConversation', { peer: 'sue', invitee: ['carl'] })), 'SVC5011');

    // 1-9a) Bob messages Sue, she replies.
    const say = (from: typeof bob, to: string, words: string) =>
      from!.im.call('SendMessages', { message: [{ recipient: [to], content: text(words) }] });
    await say(bob, 'sue@example.com', 'Fancy a coffee?');
    await say(sue, 'bob@example.com', 'Sure, where?');
    await sue!.inbox();

    // 9b) Bob invites Carl: the exchange becomes a private group; Sue is in it, Carl is invited.
    const converted = await bob!.groups.call('ConvertConversation', { peer: 'sue', invitee: ['carl@example.com'], name: 'Coffee' });
    t.like(converted.group, { name: 'Coffee', visibility: 'private', role: 'owner' });
    t.is(list<any>(converted.result)[0].status, 'invited');
    const id = converted.group.groupId;
    const [joined] = await sue!.notices('groupMember');
    t.like(joined, { status: 'joined' });
    t.is(attr(joined, 'groupId'), id);

    await carl!.groups.call('AnswerInvitation', { groupId: id, accept: true, screenName: 'Carl' });
    const history = await carl!.groups.call('GetGroupHistory', { groupId: id, order: 'oldestFirst' });
    t.deepEqual(
      list<any>(history.entry)
        .filter((e) => e.kind === 'message')
        .map((e) => `${e.screenName}: ${decode(e.content)}`),
      ['bob: Fancy a coffee?', 'sue: Sure, where?'],
    );
    await carl!.say(id, 'Count me in');
    t.deepEqual(
      (await sue!.inbox()).filter((i) => i.notice?.type === 'groupMessage').map((i) => i.text),
      ['Count me in'],
    );

    // 9c) The session lasts until every participant has left.
    for (const u of [bob!, sue!]) await u.groups.call('LeaveGroup', { groupId: id });
    t.is(list<any>((await carl!.groups.call('GetGroup', { groupId: id })).member).length, 1);
    await carl!.groups.call('LeaveGroup', { groupId: id });
    t.is(await faultCode(carl!.groups.call('GetGroup', { groupId: id })), 'SVC5001');
  });
