// The documented maximum of every list a request may carry (README "Limits"), enforced by the parser while it
// reads, before any database work. Keyed by operation and schema path. Every repeatable element of every
// request must have an entry: mountService refuses to start a service whose WSDL grows a list without one.
import { AppError } from '../../kernel/errors.js';
import type { ListLimit } from './request-parser.js';

export interface ListLimitSettings {
  readonly messagesPerRequest: number;
  readonly recipientsPerMessage: number;
  readonly maxMessagesPerGet: number;
  readonly presentitiesPerRequest: number;
  readonly directoryEntriesPerRequest: number;
  /** Small repeated values: presence capabilities and attributes, a contact's alternatives. */
  readonly itemsPerList: number;
}

const addresses = (path: string, max: number) => new AppError('POL0003', [path, max]);
const items = (path: string, max: number) => new AppError('POL1007', [path, max]);

export function listLimits(s: ListLimitSettings): ReadonlyMap<string, ListLimit> {
  const entries: [string, number, ListLimit['fault']][] = [
    // WSI-8..10: messages per request and recipients per message.
    ['SendMessages.message', s.messagesPerRequest, (_path, max) => new AppError('POL1001', [`more than ${max}`, max])],
    ['SendMessages.message.recipient', s.recipientsPerMessage, addresses],
    // A client acknowledges at most what one GetMessages can return.
    ['AckMessages.sequenceNumber', s.maxMessagesPerGet, items],
    ['PublishPresence.capability', s.itemsPerList, items],
    ['PublishPresence.attribute', s.itemsPerList, items],
    ['GetPresence.presentity', s.presentitiesPerRequest, addresses],
    ['SubscribePresence.presentity', s.presentitiesPerRequest, addresses],
    ['UnsubscribePresence.presentity', s.presentitiesPerRequest, addresses],
    ['UpdateSubscriptionAuthorization.decision', s.presentitiesPerRequest, addresses],
    ['AddContact.alternative', s.itemsPerList, items],
    ['SetContactAlternatives.alternative', s.itemsPerList, items],
    ['SetDirectoryEntries.entry', s.directoryEntriesPerRequest, (_path, max) => new AppError('POL4002', [`more than ${max}`, max])],
    ['RemoveDirectoryEntries.username', s.directoryEntriesPerRequest, (_path, max) => new AppError('POL4002', [`more than ${max}`, max])],
    // Groups: invitees of one InviteToGroup, as many as presentities of one presence request.
    ['InviteToGroup.invitee', s.presentitiesPerRequest, addresses],
    ['ConvertConversation.invitee', s.presentitiesPerRequest, addresses],
  ];
  return new Map(entries.map(([path, max, fault]) => [path, { max, fault }]));
}
