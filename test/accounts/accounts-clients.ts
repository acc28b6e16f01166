// Clients of the Accounts service for tests: generated from the served WSDL by node soap, with or without a
// UsernameToken (Register needs none), a raw Register that shows the HTTP status and Retry-After, and guests.
import * as soap from 'soap';
import { type ImClient, nodeSoapClient } from '../helpers/clients.js';
import type { TestGateway } from '../helpers/gateway.js';

export const accountsWsdl = (gateway: Pick<TestGateway, 'url'>) => `${gateway.url}/wsi/Accounts?wsdl`;

/** An Accounts client that sends no WS-Security header at all. */
export async function anonymousAccounts(gateway: Pick<TestGateway, 'url'>): Promise<ImClient> {
  const client = await soap.createClientAsync(accountsWsdl(gateway));
  return {
    stack: 'node-soap',
    async call(operation, args) {
      const [result] = await (client as any)[`${operation}Async`](args);
      return result ?? {};
    },
  };
}

export const accountsOf = (gateway: TestGateway, address: string, password: string) =>
  nodeSoapClient(accountsWsdl(gateway), address, password);
export const imOf = (gateway: TestGateway, address: string, password: string) =>
  nodeSoapClient(`${gateway.url}/wsi/InstantMessaging?wsdl`, address, password);

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Register over raw HTTP: the status, the fault code and the Retry-After header. */
export async function rawRegister(gateway: Pick<TestGateway, 'url'>, address: string, password: string) {
  const body =
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" ' +
    'xmlns:a="http://imwsi.org/wsi/Accounts/v1"><soap:Body><a:Register>' +
    `<a:address>${escape(address)}</a:address><a:password>${escape(password)}</a:password>` +
    '</a:Register></soap:Body></soap:Envelope>';
  const response = await fetch(`${gateway.url}/wsi/Accounts`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    code: /<(?:\w+:)?messageId>([^<]+)</.exec(text)?.[1],
    retryAfter: response.headers.get('retry-after'),
  };
}

/** A new guest account (GS-3; the gateway runs with --guest-accounts): its answer, address, and clients. */
export async function registerGuest(gateway: Pick<TestGateway, 'url'>, secret = 'guest-secret-1') {
  const registered = await (await anonymousAccounts(gateway)).call('Register', { guest: true, password: secret });
  const client = (service: string) => nodeSoapClient(`${gateway.url}/wsi/${service}?wsdl`, registered.address, secret);
  return { registered, address: registered.address as string, client };
}

/**
 * Two guests on a gateway with --guest-idle-seconds 60: the clock moves 70 s, one guest polls at 50 s. Resolves
 * once the sweep removed the idle one (or gave up after 10 s), with the addresses left.
 */
export async function idleAndActiveGuests(gateway: Pick<TestGateway, 'url' | 'accounts'>, advance: (ms: number) => void) {
  const idle = await registerGuest(gateway);
  const active = await registerGuest(gateway);
  advance(50_000);
  await (await active.client('InstantMessaging')).call('GetMessages', {});
  advance(20_000);
  const addresses = async () => (await gateway.accounts.list()).map((a) => a.address);
  for (let i = 0; i < 500 && (await addresses()).includes(idle.address); i++) await new Promise((r) => setTimeout(r, 20));
  return { idle, active, left: await addresses() };
}
