// The Federation service (wsdl/Federation.wsdl): a peer gateway delivers its users' social events. Values are
// checked here (shape, sizes, types); who may speak for whom in social-inbound.ts.
import { AppError } from '../../kernel/errors.js';
import { asArray, asObject, optionalEnum, optionalString, requiredBase64, requiredString } from '../../platform/soap/codec.js';
import type { ServiceDefinition } from '../../platform/soap/mount.js';
import { checkNameValues, decodeNameValues, socialEventTypes } from '../presence/index.js';
import type { InboundSocialEvent, SocialInbound } from './social-inbound.js';

/** The queue ids a sender uses are UUIDs; anything printable and short is accepted (column size 64). */
const eventIdPattern = /^[\x21-\x7e]{1,64}$/;

function decodeEvent(raw: unknown, i: number, contentBytes: number): InboundSocialEvent {
  const part = `event[${i + 1}]`;
  const e = asObject(raw, part);
  const eventId = requiredString(e.eventId, `${part}.eventId`);
  if (!eventIdPattern.test(eventId)) throw new AppError('SVC8002', [part, 'eventId must be 1-64 printable ASCII characters']);
  const type = optionalEnum(e.type, socialEventTypes, `${part}.type`);
  if (!type) throw new AppError('SVC0002', [`${part}.type`]);
  const attributes = decodeNameValues(e.attribute, `${part}.attribute`);
  checkNameValues(attributes, `${part}.attribute`);
  // A group message's bytes: at most the message size limit, as SendMessages content.
  const content = e.content === undefined ? undefined : requiredBase64(e.content, `${part}.content`);
  if (content && content.length > contentBytes) throw new AppError('POL1002', [content.length, contentBytes]);
  return {
    eventId,
    type,
    from: requiredString(e.from, `${part}.from`),
    to: requiredString(e.to, `${part}.to`),
    status: optionalString(e.status, `${part}.status`),
    attributes,
    ...(content ? { content } : {}),
  };
}

export function federationSoapService(inbound: SocialInbound, contentBytes: number): ServiceDefinition {
  return {
    name: 'Federation',
    handlers: {
      // DeliverSocialEvents: a peer's events, applied in order, one result each.
      async DeliverSocialEvents(args, { caller }) {
        const events = asArray(args.event).map((e, i) => decodeEvent(e, i, contentBytes));
        const outcomes = await inbound.deliver(caller, events);
        return {
          result: outcomes.map((o) =>
            o.status === 'applied'
              ? { eventId: o.eventId, status: o.status }
              : { eventId: o.eventId, status: o.status, errorCode: o.errorCode, errorText: o.errorText },
          ),
        };
      },
    },
  };
}
