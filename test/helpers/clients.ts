// Real SOAP clients generated from the served WSDL: node soap and strong-soap, both with a WS-Security
// UsernameToken (PasswordDigest). Each exposes the operations as promise-returning functions.
import * as soap from 'soap';
import strongSoap from 'strong-soap';
import { password } from './gateway.js';

export type Call = (operation: string, args: object) => Promise<any>;

export interface ImClient {
  readonly stack: 'node-soap' | 'strong-soap';
  call: Call;
}

export async function nodeSoapClient(wsdlUrl: string, address: string, secret = password(address)): Promise<ImClient> {
  const client = await soap.createClientAsync(wsdlUrl);
  client.setSecurity(new soap.WSSecurity(address, secret, { passwordType: 'PasswordDigest', hasTimeStamp: false }));
  return {
    stack: 'node-soap',
    async call(operation, args) {
      const [result] = await (client as any)[`${operation}Async`](args);
      return result ?? {};
    },
  };
}

/** The fault detail of a failed call, from either stack: { messageId, text, variables }. */
export function faultOf(error: any): { messageId: string; text: string; status: number } {
  const body: string = error?.body ?? error?.response?.data ?? error?.root ?? '';
  const xml = typeof body === 'string' ? body : JSON.stringify(body);
  const messageId = /<(?:\w+:)?messageId>([^<]+)</.exec(xml)?.[1] ?? /"messageId":"([^"]+)"/.exec(xml)?.[1] ?? '';
  const text = /<(?:\w+:)?text>([^<]+)</.exec(xml)?.[1] ?? '';
  return { messageId, text, status: error?.response?.status ?? error?.response?.statusCode ?? 0 };
}

export async function strongSoapClient(wsdlUrl: string, address: string, secret = password(address)): Promise<ImClient> {
  const { soap: ss } = strongSoap as any;
  const client: any = await new Promise((resolve, reject) =>
    ss.createClient(wsdlUrl, {}, (error: unknown, c: unknown) => (error ? reject(error) : resolve(c))),
  );
  client.setSecurity(new ss.WSSecurity(address, secret, { passwordType: 'PasswordDigest', hasTimeStamp: false }));
  return {
    stack: 'strong-soap',
    call(operation, args) {
      return new Promise((resolve, reject) =>
        client[operation](args, (error: any, result: any, envelope: any) => {
          if (error) {
            error.body ??= envelope ?? error.response?.body;
            reject(error);
          } else resolve(result ?? {});
        }),
      );
    },
  };
}

export const clientFactories = { 'node-soap': nodeSoapClient, 'strong-soap': strongSoapClient } as const;

export const text = (s: string) => Buffer.from(s, 'utf8').toString('base64');
export const decode = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');
/** node-soap gives one object where the schema allows many; tests read lists through this. */
export const list = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
