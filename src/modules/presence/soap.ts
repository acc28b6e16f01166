// The Presence service (wsdl/Presence.wsdl): decode, call one domain function, encode in schema order.
import { availabilities } from '../../kernel/social-types.js';
import type { PresenceService } from './presence-service.js';
import type { SubscriptionService, TargetResult } from './subscription-service.js';
import type { SubscriptionWithParty } from '../../kernel/social-types.js';
import { AppError } from '../../kernel/errors.js';
import { asArray, asObject, isoTime, optionalEnum, optionalString, requiredBoolean, requiredString } from '../../platform/soap/codec.js';
import type { ServiceDefinition } from '../../platform/soap/mount.js';
import { decodeNameValues, encodePresence, requiredStrings } from './presence-codec.js';

const fail = (part: string): never => {
  throw new AppError('SVC0002', [part]);
};

const encodeTarget = (r: TargetResult) => ({
  address: r.address,
  status: r.status,
  ...('errorCode' in r ? { errorCode: r.errorCode, errorText: r.errorText } : {}),
});

const encodeWatcher = (w: SubscriptionWithParty) => ({
  address: w.partyAddress,
  status: w.state,
  subscribed: w.subscribed,
  origin: w.origin,
  addBackInvited: w.addBackInvited,
  requestedAt: isoTime(w.requestedAt),
  updatedAt: isoTime(w.updatedAt),
});

export function presenceSoapService(presence: PresenceService, subscriptions: SubscriptionService): ServiceDefinition {
  return {
    name: 'Presence',
    handlers: {
      // PublishPresence: replaces the caller's published presence; watchers get a (coalesced) notice.
      async PublishPresence(args, { caller }) {
        const view = await presence.publish(caller, {
          availability: optionalEnum(args.availability, availabilities, 'availability') ?? fail('availability'),
          statusText: optionalString(args.statusText, 'statusText'),
          device: optionalString(args.device, 'device')?.trim() || undefined,
          capabilities: requiredStrings(args.capability, 'capability'),
          attributes: decodeNameValues(args.attribute, 'attribute'),
        });
        return { presence: encodePresence(view) };
      },

      // GetPresence: 1..n presentities, each as far as it authorized the caller.
      async GetPresence(args, { caller }) {
        const results = await presence.get(caller, requiredStrings(args.presentity, 'presentity'));
        return {
          result: results.map((r) => ({
            address: r.address,
            result: r.result,
            ...(r.result === 'authorized' ? { presence: encodePresence(r.presence) } : {}),
            ...(r.result === 'failed' ? { errorCode: r.errorCode, errorText: r.errorText } : {}),
          })),
        };
      },

      // SubscribePresence: a pending request per presentity (granted at once where none is needed).
      async SubscribePresence(args, { caller }) {
        return { result: (await subscriptions.subscribe(caller, requiredStrings(args.presentity, 'presentity'))).map(encodeTarget) };
      },

      // UnsubscribePresence: ends subscriptions, withdrawing pending requests.
      async UnsubscribePresence(args, { caller }) {
        return { result: (await subscriptions.unsubscribe(caller, requiredStrings(args.presentity, 'presentity'))).map(encodeTarget) };
      },

      // GetOpenSubscriptions: requests to watch the caller that wait for an answer.
      async GetOpenSubscriptions(_args, { caller }) {
        return { request: (await subscriptions.open(caller)).map(encodeWatcher) };
      },

      // UpdateSubscriptionAuthorization: grant or refuse, per watcher.
      async UpdateSubscriptionAuthorization(args, { caller }) {
        const decisions = asArray(args.decision).map((raw, i) => {
          const d = asObject(raw, `decision[${i + 1}]`);
          return {
            watcher: requiredString(d.watcher, `decision[${i + 1}].watcher`),
            grant: requiredBoolean(d.grant, `decision[${i + 1}].grant`),
          };
        });
        return { result: (await subscriptions.decide(caller, decisions)).map(encodeTarget) };
      },

      // GetWatchers: who watches (or asked to watch) the caller, with what status.
      async GetWatchers(_args, { caller }) {
        return { watcher: (await subscriptions.watchers(caller)).map(encodeWatcher) };
      },
    },
  };
}
