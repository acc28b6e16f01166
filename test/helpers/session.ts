// A started gateway plus one client per named account, from one client stack; stopped by the test's teardown.
import type { ExecutionContext } from 'ava';
import type { Clock } from '../../src/kernel/ports.js';
import { clientFactories, type ImClient } from './clients.js';
import { startTestGateway, type TestGateway } from './gateway.js';

export type Stack = keyof typeof clientFactories;
export const stacks: readonly Stack[] = ['node-soap', 'strong-soap'];

export interface Session {
  readonly gateway: TestGateway;
  readonly as: Record<string, ImClient>;
}

export async function session(
  t: ExecutionContext,
  stack: Stack,
  names: readonly string[],
  options: { settings?: Record<string, string | number | boolean>; clock?: Clock } = {},
): Promise<Session> {
  const gateway = await startTestGateway({ accounts: names, ...options });
  t.teardown(() => gateway.stop());
  const as: Record<string, ImClient> = {};
  for (const name of names) as[name] = await clientFactories[stack](gateway.wsdlUrl, `${name}@example.com`);
  return { gateway, as };
}

/** A clock tests move by hand: lease expiry and message validity without sleeping. */
export function manualClock(start = Date.now()): Clock & { advance(ms: number): void } {
  let now = start;
  const clock = (() => now) as Clock & { advance(ms: number): void };
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}
