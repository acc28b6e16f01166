// Server-stored contact lists (PP2-27; use cases 5.1, 5.11, 5.19; PP2-22, PP2-26). An entry's status is the
// contact's presence authorization for the owner: adding a contact asks for it.
import { AppError } from '../../kernel/errors.js';
import { checkedName } from '../addressing/index.js';
import { decideAuthorization, requestAuthorization, settingsOf, withdrawSubscription, type RequestOptions } from '../presence/index.js';
import { requireTarget } from '../addressing/index.js';
import { socialTargets } from '../presence/index.js';
import type { ContactEntry, ContactEntryRecord, ContactList, ContactListRecord, ContactStatus, NameValue } from '../presence/index.js';
import { checkNameValues } from '../presence/index.js';
import { watcherView } from '../presence/index.js';
import type { SocialContext, SocialWork } from '../presence/index.js';
import type { Account } from '../../kernel/types.js';
import { accountNamed, aliasNamed, shownAddress } from './entry-address.js';

export interface NewContact {
  readonly listName: string;
  /** A screen name in the caller's domain, user@domain, tel:+E164, or a consumer's own username. */
  readonly contact: string;
  /** Absent: the contact's own alias (5.19), else the local part of its address. */
  readonly nickname: string | undefined;
  readonly alternatives: readonly NameValue[];
  /** Use case 5.1 step 24: also let the contact see my presence, inviting it to add me back. */
  readonly authorizeContact: boolean;
}

export interface AddBack {
  readonly listName: string;
  readonly nickname: string | undefined;
}

// Names and nicknames: 1..64 characters, no control characters; compared case-insensitively.

const statusOf = (state: string | undefined): ContactStatus =>
  state === 'granted' ? 'authorized' : state === 'refused' ? 'refused' : 'pending';

export function contactListService(ctx: SocialContext) {
  async function listOrFail({ tx }: SocialWork, owner: Account, name: string): Promise<ContactListRecord> {
    const list = await tx.contacts.findList(owner.id, name.trim());
    if (!list) throw new AppError('SVC3001', [name]);
    return list;
  }

  async function entryOrFail({ tx }: SocialWork, list: ContactListRecord, nickname: string): Promise<ContactEntryRecord> {
    const entry = await tx.contacts.findEntry(list.id, nickname.trim());
    if (!entry) throw new AppError('SVC3004', [nickname, list.name]);
    return entry;
  }

  /** Entries as the owner sees them: authorization status, and presence where authorized and not blocked. */
  async function entryViews(work: SocialWork, owner: Account, entries: readonly ContactEntryRecord[]): Promise<ContactEntry[]> {
    const { tx } = work;
    const ids = [...new Set(entries.map((e) => e.accountId))];
    const states = new Map((await tx.subscriptions.ofWatcher(owner.id, ids)).map((s) => [s.presentityId, s.state]));
    const blockers = await tx.privacy.blockersOf(owner.id, ids);
    const visible = ids.filter((id) => states.get(id) === 'granted' && !blockers.has(id));
    const records = new Map((await tx.presence.find(visible)).map((r) => [r.accountId, r]));
    const shown: string[] = [];
    for (const e of entries) shown.push(await shownAddress(tx, e));
    return entries.map((e, i) => ({
      nickname: e.nickname,
      address: shown[i]!,
      status: statusOf(states.get(e.accountId)),
      presence: visible.includes(e.accountId) ? watcherView(work, e, records.get(e.accountId)) : undefined,
      alternatives: e.alternatives,
    }));
  }

  async function listViews(work: SocialWork, owner: Account, lists: readonly ContactListRecord[]): Promise<ContactList[]> {
    const entries = await work.tx.contacts.entries(lists.map((l) => l.id));
    const views = await entryViews(work, owner, entries);
    return lists.map((list) => ({ name: list.name, entries: views.filter((_, i) => entries[i]!.listId === list.id) }));
  }

  async function checkRoom(
    work: SocialWork,
    list: ContactListRecord,
    account: Pick<Account, 'id' | 'address'>,
    nickname: string,
    except?: ContactEntryRecord,
  ): Promise<void> {
    const { tx, options } = work;
    const same = await tx.contacts.findEntryFor(list.id, account.id);
    if (same && same.id !== except?.id) throw new AppError('SVC3005', [account.address, list.name, same.nickname]);
    const clash = await tx.contacts.findEntry(list.id, nickname);
    if (clash && clash.id !== except?.id) throw new AppError('SVC3003', [nickname, list.name]);
    if ((await tx.contacts.countEntries(list.id)) >= options.contactsPerList)
      throw new AppError('POL3004', [list.name, options.contactsPerList]);
  }

  /** Adds an entry and asks the contact for authorization (or tells it it was added, 5.19). */
  async function addEntry(
    work: SocialWork,
    owner: Account,
    list: ContactListRecord,
    contact: Account,
    nickname: string | undefined,
    alternatives: readonly NameValue[],
    request: RequestOptions,
    /** The contact's alias the owner named them by (5.19: the nickname comes from it; the list shows it). */
    addedBy: string | null = null,
  ): Promise<ContactEntryRecord> {
    checkNameValues(alternatives, 'alternative');
    const localPart = (address: string) => address.slice(0, address.lastIndexOf('@'));
    const screenName = addedBy === null ? (await settingsOf(work, contact.id)).alias : localPart(addedBy);
    const name = checkedName(nickname ?? screenName ?? localPart(contact.address), 'nickname');
    // A refusal names the contact as the owner named them.
    await checkRoom(work, list, { id: contact.id, address: addedBy ?? contact.address }, name);
    const entry = await work.tx.contacts.addEntry(
      { listId: list.id, accountId: contact.id, address: contact.address, alias: addedBy, nickname: name, alternatives },
      work.now,
    );
    await requestAuthorization(work, owner, contact, request);
    return entry;
  }

  /** After an entry left a list: a contact in none of the owner's lists is no longer watched. */
  async function forgetIfGone(work: SocialWork, owner: Account, accountIds: readonly number[]): Promise<void> {
    for (const id of new Set(accountIds)) {
      if (!(await work.tx.contacts.isContactOf(owner.id, id))) await withdrawSubscription(work, owner.id, id);
    }
  }

  const oneEntry = async (work: SocialWork, owner: Account, entry: ContactEntryRecord): Promise<ContactEntry> =>
    (await entryViews(work, owner, [entry]))[0]!;

  const oneList = async (work: SocialWork, owner: Account, listId: number): Promise<ContactList> => {
    const list = (await work.tx.contacts.lists(owner.id)).find((l) => l.id === listId)!;
    return (await listViews(work, owner, [list]))[0]!;
  };

  return {
    createList: (owner: Account, name: string): Promise<ContactList> =>
      ctx.run(async (work) => {
        const checked = checkedName(name, 'name');
        if (await work.tx.contacts.findList(owner.id, checked)) throw new AppError('SVC3002', [checked]);
        const list = await work.tx.contacts.createList(owner.id, checked, work.now);
        return { name: list.name, entries: [] };
      }),

    renameList: (owner: Account, name: string, newName: string): Promise<ContactList> =>
      ctx.run(async (work) => {
        const list = await listOrFail(work, owner, name);
        const checked = checkedName(newName, 'newName');
        const other = await work.tx.contacts.findList(owner.id, checked);
        if (other && other.id !== list.id) throw new AppError('SVC3002', [checked]);
        await work.tx.contacts.renameList(list.id, checked);
        return oneList(work, owner, list.id);
      }),

    deleteList: (owner: Account, name: string): Promise<void> =>
      ctx.run(async (work) => {
        const list = await listOrFail(work, owner, name);
        const gone = (await work.tx.contacts.entries([list.id])).map((e) => e.accountId);
        await work.tx.contacts.deleteList(list.id);
        await forgetIfGone(work, owner, gone);
      }),

    /** GetContactLists: all of the caller's lists, or the one named. */
    getLists: (owner: Account, name: string | undefined): Promise<ContactList[]> =>
      ctx.run(async (work) => {
        const lists = name === undefined ? await work.tx.contacts.lists(owner.id) : [await listOrFail(work, owner, name)];
        return listViews(work, owner, lists);
      }),

    addContact: (owner: Account, input: NewContact): Promise<ContactEntry> =>
      ctx.run(async (work) => {
        const list = await listOrFail(work, owner, input.listName);
        const contact = await requireTarget(socialTargets(work, owner), input.contact);
        // 5.1 step 24: authorizing the contact first means its add-back needs no second approval.
        if (input.authorizeContact) await decideAuthorization(work, owner, contact, true);
        const addedBy = await aliasNamed(work.tx, owner, contact, input.contact);
        const request = { origin: 'contact', addBackInvited: input.authorizeContact } as const;
        const entry = await addEntry(work, owner, list, contact, input.nickname, input.alternatives, request, addedBy);
        return oneEntry(work, owner, entry);
      }),

    /** RenameContact (5.11): everything of the entry moves to the new nickname; answers with the updated list. */
    renameContact: (owner: Account, listName: string, nickname: string, newNickname: string): Promise<ContactList> =>
      ctx.run(async (work) => {
        const list = await listOrFail(work, owner, listName);
        const entry = await entryOrFail(work, list, nickname);
        const name = checkedName(newNickname, 'newNickname');
        const clash = await work.tx.contacts.findEntry(list.id, name);
        if (clash && clash.id !== entry.id) throw new AppError('SVC3003', [name, list.name]);
        await work.tx.contacts.updateEntry(entry.id, { listId: list.id, nickname: name, alternatives: entry.alternatives }, work.now);
        return oneList(work, owner, list.id);
      }),

    /** MoveContact: to another list, optionally under a new nickname; answers with the target list. */
    moveContact: (
      owner: Account,
      listName: string,
      nickname: string,
      toListName: string,
      newNickname: string | undefined,
    ): Promise<ContactList> =>
      ctx.run(async (work) => {
        const from = await listOrFail(work, owner, listName);
        const to = await listOrFail(work, owner, toListName);
        const entry = await entryOrFail(work, from, nickname);
        const name = checkedName(newNickname ?? entry.nickname, 'newNickname');
        if (to.id !== from.id || name.toLowerCase() !== entry.nickname.toLowerCase()) {
          await checkRoom(work, to, { id: entry.accountId, address: entry.address }, name, entry);
        }
        await work.tx.contacts.updateEntry(entry.id, { listId: to.id, nickname: name, alternatives: entry.alternatives }, work.now);
        return oneList(work, owner, to.id);
      }),

    removeContact: (owner: Account, listName: string, nickname: string): Promise<void> =>
      ctx.run(async (work) => {
        const entry = await entryOrFail(work, await listOrFail(work, owner, listName), nickname);
        await work.tx.contacts.removeEntry(entry.id);
        await forgetIfGone(work, owner, [entry.accountId]);
      }),

    /** PP2-22: replaces the entry's alternative contact information. */
    setAlternatives: (owner: Account, listName: string, nickname: string, alternatives: readonly NameValue[]): Promise<ContactEntry> =>
      ctx.run(async (work) => {
        checkNameValues(alternatives, 'alternative');
        const entry = await entryOrFail(work, await listOrFail(work, owner, listName), nickname);
        await work.tx.contacts.updateEntry(entry.id, { listId: entry.listId, nickname: entry.nickname, alternatives }, work.now);
        return oneEntry(work, owner, { ...entry, alternatives });
      }),

    /**
     * Answers an authorization request (5.1 steps 34-38): approve or refuse and, when approving, add the
     * requester to one of the caller's lists in the same call. The requester is told, with addedBack=true.
     */
    answerAuthorization: (
      owner: Account,
      requester: string,
      approve: boolean,
      addBack: AddBack | undefined,
    ): Promise<ContactEntry | undefined> =>
      ctx.run(async (work) => {
        if (addBack && !approve) throw new AppError('SVC0002', ['addBack (only when approving)']);
        const watcher = await requireTarget(socialTargets(work, owner), requester);
        const request = await work.tx.subscriptions.find(owner.id, watcher.id);
        if (request?.state !== 'pending' || !request.subscribed) throw new AppError('SVC3006', [watcher.address]);
        const entry = addBack
          ? await addEntry(work, owner, await listOrFail(work, owner, addBack.listName), watcher, addBack.nickname, [], {
              origin: 'contact',
              addBackInvited: false,
            })
          : undefined;
        await decideAuthorization(work, owner, watcher, approve, entry ? [{ name: 'addedBack', value: 'true' }] : []);
        return entry && oneEntry(work, owner, entry);
      }),

    /** PP2-26: the recipient of a message adds its sender to a list in one call. */
    addSender: (owner: Account, messageId: string, listName: string, nickname: string | undefined): Promise<ContactEntry> =>
      ctx.run(async (work) => {
        const list = await listOrFail(work, owner, listName);
        const senderAddress = await work.tx.contacts.senderOfReceived(messageId, owner.id);
        // A sender who sent as an alias is added by that alias: the recipient never learns the real address.
        const sender = senderAddress === undefined ? undefined : await accountNamed(work.tx, senderAddress);
        if (!sender || sender.id === owner.id) throw new AppError('SVC3007', [messageId]);
        const addedBy = senderAddress === sender.address ? null : senderAddress!;
        const request = { origin: 'contact', addBackInvited: false } as const;
        const entry = await addEntry(work, owner, list, sender, nickname, [], request, addedBy);
        return oneEntry(work, owner, entry);
      }),
  };
}

export type ContactListService = ReturnType<typeof contactListService>;
