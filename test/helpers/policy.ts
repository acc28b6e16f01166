// The operator's side of policy in tests: the policy service of a backend opened on the gateway's own
// database (what `imwsi limits|filters|switches` call), and a user's Policy service client.
import { join } from 'node:path';
import { localOperator } from '../../src/kernel/require-role.js';
import { openBackend } from '../../src/main/backend.js';
import { configWith } from '../../src/platform/config.js';
import { createLogger } from '../../src/platform/logger.js';
import { clientFactories, faultOf, type ImClient } from './clients.js';
import type { TestGateway } from './gateway.js';
import { address, type Stack } from './social.js';

export { localOperator };

/** The policy service over the gateway's database; closed with the test. */
export async function operatorOf(gw: TestGateway, teardown: (fn: () => Promise<void>) => void, domain = 'example.com') {
  const config = configWith({ db: join(gw.dir, 'imwsi.sqlite'), domain, 'log-level': 'silent' });
  const backend = await openBackend(config, Date.now, createLogger('silent'));
  teardown(() => backend.close());
  return backend.modules.service('policy');
}

export const policyClient = (gw: TestGateway, name: string, stack: Stack = 'node-soap'): Promise<ImClient> =>
  clientFactories[stack](`${gw.url}/wsi/Policy?wsdl`, address(name));

/** The fault's code and its text with the variables filled in, as a reader sees it. */
export function filledFault(error: any): { messageId: string; text: string } {
  const { messageId, text } = faultOf(error);
  const body = String(error?.body ?? error?.response?.data ?? '');
  const variables = [...body.matchAll(/<(?:\w+:)?variables>([^<]*)</g)].map((m) => m[1]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<'));
  return { messageId, text: text.replace(/%(\d+)/g, (whole, n: string) => variables[Number(n) - 1] ?? whole) };
}
