// Role checks live in the services, so every edge (SOAP, the coming web console, the CLI) goes through them:
// the services are called here directly, without SOAP, on a real SQLite file.
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { AppError } from '../../src/kernel/errors.js';
import { localOperator } from '../../src/kernel/require-role.js';
import type { Role } from '../../src/kernel/types.js';
import { openBackend } from '../../src/main/backend.js';
import { loadConfig } from '../../src/platform/config.js';
import { createLogger } from '../../src/platform/logger.js';
import { tempDir } from '../helpers/gateway.js';
import { manualClock } from '../helpers/session.js';

async function setup(t: ExecutionContext) {
  const config = loadConfig({}, ['--db', join(tempDir(), 'roles.sqlite'), '--domain', 'example.com']);
  // The gateway's composed services, without HTTP: what the CLI (and the coming console) call.
  const backend = await openBackend(config, manualClock(), createLogger('silent'));
  t.teardown(() => backend.close());
  const { store } = backend;
  const account = (address: string, role: Role) =>
    store.accounts.create({ address, msisdn: null, role, passwordHash: 'x', sealedSecret: 'x' });
  return {
    store,
    peers: backend.modules.service('peers'),
    directory: backend.modules.service('directory'),
    user: await account('alice@example.com', 'user'),
    consumer: await account('game@example.com', 'consumer'),
    admin: await account('admin@example.com', 'admin'),
  };
}

async function faultCode(t: ExecutionContext, call: Promise<unknown>): Promise<string | undefined> {
  const error = await t.throwsAsync(call, { instanceOf: AppError });
  return (error as AppError | undefined)?.code;
}

const route = {
  domain: 'peer.example',
  endpoint: 'http://127.0.0.1:1/wsi/InstantMessaging',
  username: 'gw@peer.example',
  password: 'secret-at-peer',
};

test('the peer service refuses a user and a consumer with POL1005 and changes nothing', async (t) => {
  const { store, peers, user, consumer } = await setup(t);
  for (const caller of [user, consumer]) {
    t.is(await faultCode(t, peers.add(caller, route)), 'POL1005', `add as ${caller.role}`);
    t.is(await faultCode(t, peers.list(caller)), 'POL1005', `list as ${caller.role}`);
    t.is(await faultCode(t, peers.remove(caller, 'peer.example')), 'POL1005', `remove as ${caller.role}`);
  }
  t.deepEqual(await store.peers.list(), []);
});

test('the peer service checks the role before the request: a user sending no domain still gets POL1005', async (t) => {
  const { peers, user } = await setup(t);
  t.is(await faultCode(t, peers.add(user, { domain: '' })), 'POL1005');
  t.is(await faultCode(t, peers.remove(user, '')), 'POL1005');
});

test('the peer service serves an admin and the local operator', async (t) => {
  const { peers, admin } = await setup(t);
  t.is((await peers.add(admin, route)).domain, 'peer.example');
  t.deepEqual(
    (await peers.list(localOperator)).map((p) => p.domain),
    ['peer.example'],
  );
  t.true(await peers.remove(localOperator, 'peer.example'));
  t.is(await faultCode(t, peers.add(admin, { domain: '' })), 'SVC0002', 'an admin learns what is missing');
});

test('an object shaped like the local operator passes no role check', async (t) => {
  const { peers } = await setup(t);
  const forged = { kind: 'local-operator' } as unknown as typeof localOperator;
  t.is(await faultCode(t, peers.list(forged)), 'POL1005');
});

test('the directory service refuses a user and an admin with POL1005 and changes nothing', async (t) => {
  const { store, directory, user, admin } = await setup(t);
  for (const caller of [user, admin]) {
    t.is(
      await faultCode(t, directory.set(caller, [{ username: 'alicechess', address: 'alice@example.com' }])),
      'POL1005',
      `set as ${caller.role}`,
    );
    t.is(await faultCode(t, directory.remove(caller, ['alicechess'])), 'POL1005', `remove as ${caller.role}`);
    t.is(await faultCode(t, directory.page(caller, undefined, undefined)), 'POL1005', `page as ${caller.role}`);
    t.is(await store.directory.count(caller.id), 0);
  }
});

test('the directory service serves a consumer its own directory', async (t) => {
  const { directory, consumer } = await setup(t);
  t.is(await directory.set(consumer, [{ username: 'AliceChess', address: 'Alice@Example.com' }]), 1);
  t.deepEqual((await directory.page(consumer, undefined, undefined)).entries, [{ username: 'alicechess', address: 'alice@example.com' }]);
});
