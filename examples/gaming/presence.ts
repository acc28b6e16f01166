// The gaming example's presence step (issue 14, use case 5.14 step 4): U2 at B2 asks to see U1's presence at
// B1, U1 grants it at B1, publishes that he is in a match, and U2's GetPresence at B2 shows it. B1 and B2 are
// peers for this (each forwards to the other with an account the other gave it), beside chess service A.
import * as soap from 'soap';
import type { Provider } from './providers.js';

export type Say = (who: string, text: string) => void;
export type Check = (ok: boolean, what: string) => void;
export const asList = <T>(value: T | T[] | undefined | null): T[] => (value == null ? [] : Array.isArray(value) ? value : [value]);

/** A node soap client of one of the provider's services, as `user`. */
export async function serviceClient(provider: Provider, service: string, user: string, password: string) {
  const client = await soap.createClientAsync(`${provider.url}/wsi/${service}?wsdl`);
  client.setSecurity(new soap.WSSecurity(user, password, { passwordType: 'PasswordDigest', hasTimeStamp: false }));
  return client;
}
const presenceClient = (provider: Provider, user: string, password: string) => serviceClient(provider, 'Presence', user, password);

/** CLI steps before the providers start: each one's account for the other, bound to the other's domain. */
export const peerAccounts = (self: string, other: string, password: string): string[][] => [
  ['users', 'add', `peer-${other.split('.')[0]}@${self}`, '--password', password],
  ['peers', 'add', other, '--inbound-account', `peer-${other.split('.')[0]}@${self}`],
];

/** CLI step once `to` listens: `from` forwards to it with the account `to` gave it. */
export const peerRoute = (from: Provider, to: Provider, password: string): string[] => [
  'peers',
  'add',
  to.domain,
  '--endpoint',
  `${to.url}/wsi/InstantMessaging`,
  '--username',
  `peer-${from.domain.split('.')[0]}@${to.domain}`,
  '--password',
  password,
];

/** A step of the example across the two providers, played by U1 at B1 and U2 at B2. */
export type AcrossProviders = (b1: Provider, b2: Provider, passwords: { u1: string; u2: string }, say: Say, check: Check) => Promise<void>;

export const presenceAcrossProviders: AcrossProviders = async (b1, b2, passwords, say, check) => {
  const u1 = await presenceClient(b1, 'u1@b1.example', passwords.u1);
  const u2 = await presenceClient(b2, 'u2@b2.example', passwords.u2);
  const [asked] = await u2.SubscribePresenceAsync({ presentity: ['u1@b1.example'] });
  say('U2', `asks B2 for U1's presence: ${asList<any>(asked.result)[0]?.status}`);
  await u1.UpdateSubscriptionAuthorizationAsync({ decision: [{ watcher: 'u2@b2.example', grant: true }] });
  say('U1', 'grants it at B1, and publishes "available: in a match"');
  await u1.PublishPresenceAsync({ availability: 'available', statusText: 'in a match' });
  let seen: any;
  for (let i = 0; i < 100 && seen?.statusText !== 'in a match'; i++) {
    const [answer] = await u2.GetPresenceAsync({ presentity: ['u1@b1.example'] });
    seen = asList<any>(answer.result)[0]?.presence;
    if (seen?.statusText !== 'in a match') await new Promise((resolve) => setTimeout(resolve, 100));
  }
  say('U2', `GetPresence at B2: ${seen?.availability ?? 'nothing yet'}${seen?.statusText ? `, "${seen.statusText}"` : ''}`);
  check(seen?.availability === 'available' && seen?.statusText === 'in a match', "U2 at B2 sees U1's presence published at B1");
};
