// A user as the group tests drive it: the social test user (InstantMessaging, Presence, ContactLists) plus a
// Groups client of the same SOAP stack, and helpers that read group results as plain values.
import { clientFactories, faultOf, list, text, type ImClient } from '../helpers/clients.js';
import type { TestGateway } from '../helpers/gateway.js';
import { type Notice, type Stack, type User, userOf } from '../helpers/social.js';

export interface GroupUser extends User {
  readonly groups: ImClient;
  /** SendGroupMessage with text content; returns the response. */
  say(groupId: string, words: string, extra?: object): Promise<any>;
}

export async function groupUserOf(gateway: Pick<TestGateway, 'url'>, name: string, stack: Stack = 'node-soap'): Promise<GroupUser> {
  const user = await userOf(gateway, name, stack);
  const groups = await clientFactories[stack](`${gateway.url}/wsi/Groups?wsdl`, user.address);
  return {
    ...user,
    groups,
    say: (groupId, words, extra = {}) => groups.call('SendGroupMessage', { groupId, content: text(words), ...extra }),
  };
}

/** The SVC/POL code of a call that must fail. */
export async function faultCode(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    return faultOf(error).messageId;
  }
  return 'no fault';
}

/** The variables of a call's fault (the suggestions of SVC5002, say). */
export async function faultVariables(call: Promise<unknown>): Promise<string[]> {
  try {
    await call;
  } catch (error: any) {
    const body: string = String(error?.body ?? error?.response?.data ?? '');
    return [...body.matchAll(/<(?:\w+:)?variables>([^<]*)</g)].map((m) => m[1]!);
  }
  return [];
}

/** A notice attribute's single value. */
export const attr = (notice: Notice | undefined, name: string): string | undefined => notice?.attributes[name]?.[0];

export { list };
