// A user as a test drives it: one client per service (InstantMessaging, Presence, ContactLists) of one
// SOAP stack, plus inbox reading that returns the notices GetMessages carried.
import { clientFactories, decode, list, type ImClient } from './clients.js';
import type { TestGateway } from './gateway.js';

export type Stack = keyof typeof clientFactories;
export const stacks = Object.keys(clientFactories) as Stack[];

export interface Notice {
  readonly type: string;
  readonly address?: string;
  readonly status?: string;
  readonly reason?: string;
  readonly attributes: Record<string, string[]>;
  readonly text: string;
  readonly sequenceNumber: number;
}

export interface InboxItem {
  readonly kind: string;
  readonly sender?: string;
  readonly messageId: string;
  readonly text: string;
  readonly notice: Notice | undefined;
}

export interface User {
  readonly address: string;
  readonly im: ImClient;
  readonly presence: ImClient;
  readonly contacts: ImClient;
  /** Reads (and acknowledges) the inbox; waits up to waitSeconds for the first message. */
  inbox(waitSeconds?: number): Promise<InboxItem[]>;
  /** Reads the inbox and returns its notices of `type`. */
  notices(type?: string, waitSeconds?: number): Promise<Notice[]>;
}

export const address = (name: string): string => (name.includes('@') ? name : `${name}@example.com`);

function toItem(m: any): InboxItem {
  const n = m.notification;
  const attributes: Record<string, string[]> = {};
  for (const a of list<any>(n?.attribute)) (attributes[a.name] ??= []).push(String(a.value ?? ''));
  const text = decode(String(m.content ?? ''));
  return {
    kind: m.kind,
    sender: m.sender,
    messageId: m.messageId,
    text,
    notice: n
      ? { type: n.type, address: n.address, status: n.status, reason: n.reason, attributes, text, sequenceNumber: Number(m.sequenceNumber) }
      : undefined,
  };
}

export async function userOf(gateway: Pick<TestGateway, 'url'>, name: string, stack: Stack = 'node-soap'): Promise<User> {
  const who = address(name);
  const make = clientFactories[stack];
  const [im, presence, contacts] = await Promise.all([
    make(`${gateway.url}/wsi/InstantMessaging?wsdl`, who),
    make(`${gateway.url}/wsi/Presence?wsdl`, who),
    make(`${gateway.url}/wsi/ContactLists?wsdl`, who),
  ]);
  async function inbox(waitSeconds = 0): Promise<InboxItem[]> {
    const batch = await im.call('GetMessages', waitSeconds ? { waitSeconds } : {});
    const items = list<any>(batch.message).map(toItem);
    if (batch.ackToken) await im.call('AckMessages', { ackToken: batch.ackToken });
    return items;
  }
  return {
    address: who,
    im,
    presence,
    contacts,
    inbox,
    async notices(type, waitSeconds = 0) {
      const notices = (await inbox(waitSeconds)).flatMap((i) => (i.notice ? [i.notice] : []));
      return type ? notices.filter((n) => n.type === type) : notices;
    },
  };
}

/** Sends one text message; returns the per-recipient results. */
export async function send(
  from: User,
  recipients: string[],
  body: string,
): Promise<{ address: string; status: string; errorCode?: string }[]> {
  const response = await from.im.call('SendMessages', {
    message: [{ recipient: recipients, content: Buffer.from(body, 'utf8').toString('base64') }],
  });
  return list<any>(list<any>(response.result)[0]?.recipientResult).map((r) => ({
    address: r.address,
    status: r.status,
    errorCode: r.errorCode,
  }));
}
