// Seed use case 5.9 "IM Use for Group Management": Julia keeps Romeo in her "colleagues" list and Maria in
// "friends", opens the "colleague discussions" group, invites Romeo, then Maria (normal flow: she tells
// Maria, who joins; alternative flow: she invites her); the three chat, Maria leaves, Julia and Romeo go on,
// then Romeo and Julia leave; afterwards Julia moves Romeo from "colleagues" to "friends". Group membership
// is independent of the contact lists.
import test from 'ava';
import { list } from '../helpers/clients.js';
import { startTestGateway } from '../helpers/gateway.js';
import { attr, faultCode, type GroupUser, groupUserOf } from '../groups/group-user.js';

async function juliaRomeoMaria() {
  const server = await startTestGateway({ accounts: ['julia', 'romeo', 'maria'] });
  const julia = await groupUserOf(server, 'julia');
  const romeo = await groupUserOf(server, 'romeo', 'strong-soap');
  const maria = await groupUserOf(server, 'maria');
  // 1) Julia puts Romeo in "colleagues"; Maria is in "friends".
  await julia.contacts.call('CreateContactList', { name: 'colleagues' });
  await julia.contacts.call('CreateContactList', { name: 'friends' });
  await julia.contacts.call('AddContact', { listName: 'colleagues', contact: 'romeo@example.com', nickname: 'Romeo' });
  await julia.contacts.call('AddContact', { listName: 'friends', contact: 'maria@example.com', nickname: 'Maria' });
  return { server, julia, romeo, maria };
}

const heard = async (user: GroupUser) =>
  (await user.inbox()).filter((i) => i.notice?.type === 'groupMessage').map((i) => `${attr(i.notice, 'screenName')}: ${i.text}`);

async function chat(julia: GroupUser, romeo: GroupUser, maria: GroupUser, groupId: string): Promise<void> {
  await julia.say(groupId, 'Welcome, colleagues!');
  await romeo.say(groupId, 'Hello Julia, hello Maria');
  await maria.say(groupId, 'Hi both');
}

for (const flow of ['normal', 'alternative'] as const) {
  test(`use case 5.9 ${flow} flow: Julia's "colleague discussions" with Romeo and Maria`, async (t) => {
    const { server, julia, romeo, maria } = await juliaRomeoMaria();
    t.teardown(() => server.stop());

    // 2) Julia opens her chat room and invites Romeo: the whole "colleagues" list.
    const { group } = await julia.groups.call('CreateGroup', { name: 'colleague discussions', screenName: 'Julia' });
    const id = group.groupId;
    const invited = await julia.groups.call('InviteToGroup', { groupId: id, invitee: ['list:colleagues'] });
    t.deepEqual(
      list<any>(invited.result).map((r) => r.address),
      ['romeo@example.com'],
    );
    // 3) Romeo accepts and is a member of "colleague discussions".
    const [invitation] = await romeo.notices('groupInvitation');
    t.is(attr(invitation, 'groupName'), 'colleague discussions');
    await romeo.groups.call('AnswerInvitation', { groupId: id, accept: true, screenName: 'Romeo' });
    t.is((await julia.notices('groupInvitationAnswer'))[0]?.status, 'accepted');

    if (flow === 'normal') {
      // 4-5) Julia tells Maria about the chat (a message with the group id); the group is open to her, she joins.
      await julia.groups.call('SetGroupProperties', { groupId: id, properties: { access: 'open' } });
      await julia.im.call('SendMessages', {
        message: [{ recipient: ['maria@example.com'], content: Buffer.from(`join ${id}`).toString('base64') }],
      });
      const [note] = (await maria.inbox()).filter((i) => i.kind === 'message');
      const told = note!.text.split(' ')[1]!;
      t.is((await maria.groups.call('JoinGroup', { groupId: told, screenName: 'Maria' })).status, 'joined');
    } else {
      // 4-5) Julia invites Maria from "friends"; Maria joins by accepting.
      await julia.groups.call('InviteToGroup', { groupId: id, invitee: ['list:friends'] });
      t.is((await maria.notices('groupInvitation')).length, 1);
      t.is((await maria.groups.call('JoinGroup', { groupId: id, screenName: 'Maria' })).status, 'joined');
    }
    await Promise.all([julia.inbox(), romeo.inbox(), maria.inbox()]);

    // 6) Group mode: each hears the two others, in one order.
    await chat(julia, romeo, maria, id);
    t.deepEqual(await heard(julia), ['Romeo: Hello Julia, hello Maria', 'Maria: Hi both']);
    t.deepEqual(await heard(maria), ['Julia: Welcome, colleagues!', 'Romeo: Hello Julia, hello Maria']);
    t.deepEqual(await heard(romeo), ['Julia: Welcome, colleagues!', 'Maria: Hi both']);

    // 7-8) Maria leaves; Julia and Romeo go on, and Maria hears no more.
    await maria.groups.call('LeaveGroup', { groupId: id });
    t.deepEqual(
      (await romeo.notices('groupMember')).map((n) => [attr(n, 'screenName'), n.status]),
      [['Maria', 'left']],
    );
    await julia.say(id, 'Just us now');
    t.deepEqual(await heard(romeo), ['Julia: Just us now']);
    t.deepEqual(await heard(maria), []);
    t.is(await faultCode(maria.groups.call('GetGroupHistory', { groupId: id })), 'SVC5001');

    // 9) First Romeo, then Julia leave: the conversation is over and the group is gone.
    await romeo.groups.call('LeaveGroup', { groupId: id });
    await julia.groups.call('LeaveGroup', { groupId: id });
    t.deepEqual(list((await julia.groups.call('ListMyGroups', {})).group), []);
    t.is(await faultCode(julia.groups.call('GetGroup', { groupId: id })), 'SVC5001');

    // 10) Julia puts Romeo in "friends" (normal flow: adds him there and deletes him from "colleagues";
    // alternative flow: moves him): the contact lists never depended on the group.
    if (flow === 'normal') {
      await julia.contacts.call('AddContact', { listName: 'friends', contact: 'romeo@example.com', nickname: 'Romeo' });
      await julia.contacts.call('RemoveContact', { listName: 'colleagues', nickname: 'Romeo' });
    } else await julia.contacts.call('MoveContact', { listName: 'colleagues', nickname: 'Romeo', toListName: 'friends' });
    const lists = list<any>((await julia.contacts.call('GetContactLists', {})).list);
    const addresses = (name: string) =>
      list<any>(lists.find((l) => l.name === name)?.entry)
        .map((e) => e.address)
        .sort();
    t.deepEqual(addresses('friends'), ['maria@example.com', 'romeo@example.com']);
    t.deepEqual(addresses('colleagues'), []);
  });
}
