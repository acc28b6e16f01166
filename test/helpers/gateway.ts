// Starts a real gateway on an ephemeral port with a temp SQLite file, and provisions accounts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configWith } from '../../src/platform/config.js';
import { type Gateway, startGateway } from '../../src/main/gateway.js';
import type { Clock } from '../../src/kernel/ports.js';
import type { Role } from '../../src/kernel/types.js';

export interface TestAccount {
  readonly address: string;
  readonly password: string;
  readonly role?: Role;
  readonly msisdn?: string;
}

export interface TestGateway extends Gateway {
  readonly dir: string;
  readonly wsdlUrl: string;
  stop(): Promise<void>;
}

export const password = (address: string) => `pw-${address.split('@')[0]}-secret`;

export function tempDir(prefix = 'imwsi-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Starts a gateway; `accounts` are local parts or full addresses in example.com (passwords: password()). */
export async function startTestGateway(
  options: { accounts?: readonly (string | TestAccount)[]; settings?: Record<string, string | number | boolean>; clock?: Clock } = {},
): Promise<TestGateway> {
  const dir = tempDir();
  const config = configWith({
    port: 0,
    db: join(dir, 'imwsi.sqlite'),
    domain: 'example.com',
    'log-level': 'silent',
    ...options.settings,
  });
  const gateway = await startGateway(config, { clock: options.clock });
  for (const entry of options.accounts ?? []) {
    const account = typeof entry === 'string' ? { address: entry.includes('@') ? entry : `${entry}@example.com` } : entry;
    await gateway.accounts.add({
      address: account.address,
      password: 'password' in account && account.password ? account.password : password(account.address),
      role: 'role' in account ? account.role : undefined,
      msisdn: 'msisdn' in account ? account.msisdn : undefined,
    });
  }
  return {
    ...gateway,
    dir,
    wsdlUrl: `${gateway.url}/wsi/InstantMessaging?wsdl`,
    async stop() {
      await gateway.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
