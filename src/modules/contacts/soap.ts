// The ContactLists service (wsdl/ContactLists.wsdl): decode, call one domain function, encode in schema order.
import type { ContactListService } from './contact-list-service.js';
import type { PrivacyService } from '../privacy/index.js';
import { type BlockList, type ContactEntry, type ContactList, messageAcceptances, type UserSettings } from '../presence/index.js';
import { asObject, optionalBoolean, optionalEnum, optionalString, requiredBoolean, requiredString } from '../../platform/soap/codec.js';
import type { ServiceDefinition } from '../../platform/soap/mount.js';
import { decodeNameValues, encodeNameValues, encodePresence } from '../presence/index.js';

const encodeEntry = (e: ContactEntry) => ({
  nickname: e.nickname,
  address: e.address,
  status: e.status,
  ...(e.presence ? { presence: encodePresence(e.presence) } : {}),
  ...(e.alternatives.length ? { alternative: encodeNameValues(e.alternatives) } : {}),
});

const encodeList = (l: ContactList) => ({ name: l.name, entry: l.entries.map(encodeEntry) });

const encodeBlockList = (b: BlockList) => ({ user: [...b.users], list: [...b.lists], domain: [...b.domains] });

const encodeSettings = (s: UserSettings) => ({
  ...(s.alias !== undefined ? { alias: s.alias } : {}),
  requireAuthorization: s.requireAuthorization,
  acceptMessagesFrom: s.acceptMessagesFrom,
  rejectWhileUnavailable: s.rejectWhileUnavailable,
  notifyAttemptedContacts: s.notifyAttemptedContacts,
});

const blockTarget = (args: Record<string, unknown>) => ({
  user: optionalString(args.user, 'user') || undefined,
  listName: optionalString(args.listName, 'listName') || undefined,
  domain: optionalString(args.domain, 'domain') || undefined,
});

export function contactListsSoapService(contacts: ContactListService, privacy: PrivacyService): ServiceDefinition {
  return {
    name: 'ContactLists',
    handlers: {
      // CreateContactList: a new, empty, named list.
      async CreateContactList(args, { caller }) {
        return { list: encodeList(await contacts.createList(caller, requiredString(args.name, 'name'))) };
      },

      // RenameContactList: entries stay; the new name must be free.
      async RenameContactList(args, { caller }) {
        const list = await contacts.renameList(caller, requiredString(args.name, 'name'), requiredString(args.newName, 'newName'));
        return { list: encodeList(list) };
      },

      // DeleteContactList: the list and its entries (and a block of it).
      async DeleteContactList(args, { caller }) {
        await contacts.deleteList(caller, requiredString(args.name, 'name'));
        return { deleted: true };
      },

      // GetContactLists: all lists, or the one named, with entry status and presence.
      async GetContactLists(args, { caller }) {
        return { list: (await contacts.getLists(caller, optionalString(args.name, 'name') || undefined)).map(encodeList) };
      },

      // AddContact: adds an entry and asks the contact for authorization (5.1, 5.19).
      async AddContact(args, { caller }) {
        const entry = await contacts.addContact(caller, {
          listName: requiredString(args.listName, 'listName'),
          contact: requiredString(args.contact, 'contact'),
          nickname: optionalString(args.nickname, 'nickname') || undefined,
          alternatives: decodeNameValues(args.alternative, 'alternative'),
          authorizeContact: optionalBoolean(args.authorizeContact, 'authorizeContact') ?? false,
        });
        return { entry: encodeEntry(entry) };
      },

      // RenameContact (5.11): answers with the updated list.
      async RenameContact(args, { caller }) {
        const list = await contacts.renameContact(
          caller,
          requiredString(args.listName, 'listName'),
          requiredString(args.nickname, 'nickname'),
          requiredString(args.newNickname, 'newNickname'),
        );
        return { list: encodeList(list) };
      },

      // MoveContact: to another list, optionally renamed; answers with the target list.
      async MoveContact(args, { caller }) {
        const list = await contacts.moveContact(
          caller,
          requiredString(args.listName, 'listName'),
          requiredString(args.nickname, 'nickname'),
          requiredString(args.toListName, 'toListName'),
          optionalString(args.newNickname, 'newNickname') || undefined,
        );
        return { list: encodeList(list) };
      },

      // RemoveContact: the entry goes; a contact in none of the caller's lists is no longer watched.
      async RemoveContact(args, { caller }) {
        await contacts.removeContact(caller, requiredString(args.listName, 'listName'), requiredString(args.nickname, 'nickname'));
        return { removed: true };
      },

      // SetContactAlternatives (PP2-22): replaces the entry's alternative contact information.
      async SetContactAlternatives(args, { caller }) {
        const entry = await contacts.setAlternatives(
          caller,
          requiredString(args.listName, 'listName'),
          requiredString(args.nickname, 'nickname'),
          decodeNameValues(args.alternative, 'alternative'),
        );
        return { entry: encodeEntry(entry) };
      },

      // AnswerAuthorization (5.1 steps 35-38): approve or refuse; approve may add the requester back.
      async AnswerAuthorization(args, { caller }) {
        const approve = requiredBoolean(args.approve, 'approve');
        const back = args.addBack === undefined ? undefined : asObject(args.addBack, 'addBack');
        const entry = await contacts.answerAuthorization(
          caller,
          requiredString(args.requester, 'requester'),
          approve,
          back && {
            listName: requiredString(back.listName, 'addBack.listName'),
            nickname: optionalString(back.nickname, 'addBack.nickname') || undefined,
          },
        );
        return { status: approve ? 'granted' : 'refused', ...(entry ? { entry: encodeEntry(entry) } : {}) };
      },

      // AddSender (PP2-26): the sender of a received message into one of the caller's lists.
      async AddSender(args, { caller }) {
        const entry = await contacts.addSender(
          caller,
          requiredString(args.messageId, 'messageId'),
          requiredString(args.listName, 'listName'),
          optionalString(args.nickname, 'nickname') || undefined,
        );
        return { entry: encodeEntry(entry) };
      },

      // BlockUser (PP2-23): one user, one of the caller's lists, or a whole peer domain.
      async BlockUser(args, { caller }) {
        return { blockList: encodeBlockList(await privacy.block(caller, blockTarget(args))) };
      },

      // UnblockUser: lifts a block of one user, one list or one domain.
      async UnblockUser(args, { caller }) {
        return { blockList: encodeBlockList(await privacy.unblock(caller, blockTarget(args))) };
      },

      // GetBlockList: blocked users, lists and domains.
      async GetBlockList(_args, { caller }) {
        return { blockList: encodeBlockList(await privacy.blockList(caller)) };
      },

      // GetSettings: alias and privacy settings (defaults where never set).
      async GetSettings(_args, { caller }) {
        return { settings: encodeSettings(await privacy.getSettings(caller)) };
      },

      // UpdateSettings: changes only what is given.
      async UpdateSettings(args, { caller }) {
        const settings = await privacy.updateSettings(caller, {
          alias: optionalString(args.alias, 'alias'),
          requireAuthorization: optionalBoolean(args.requireAuthorization, 'requireAuthorization'),
          acceptMessagesFrom: optionalEnum(args.acceptMessagesFrom, messageAcceptances, 'acceptMessagesFrom'),
          rejectWhileUnavailable: optionalBoolean(args.rejectWhileUnavailable, 'rejectWhileUnavailable'),
          notifyAttemptedContacts: optionalBoolean(args.notifyAttemptedContacts, 'notifyAttemptedContacts'),
        });
        return { settings: encodeSettings(settings) };
      },
    },
  };
}
