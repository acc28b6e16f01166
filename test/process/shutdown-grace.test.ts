// SIGTERM ends the gateway even while a connection stays busy: after --shutdown-grace-ms the connections still
// open are cut (README "Operating it"). Here a client sends the head of a SendMessages and then only part of
// its body, and the request timeout is far away, so nothing else would end that connection.
import { connect } from 'node:net';
import { join } from 'node:path';
import test from 'ava';
import { tempDir } from '../helpers/gateway.js';
import { serve } from '../helpers/process.js';

test('SIGTERM cuts a connection still busy after the shutdown grace, and the gateway exits cleanly', async (t) => {
  const flags = ['--db', join(tempDir(), 'grace.sqlite'), '--domain', 'example.com'];
  const gateway = await serve([...flags, '--shutdown-grace-ms', '300', '--request-timeout-ms', '600000']);
  t.teardown(() => gateway.kill());
  const { hostname, port } = new URL(gateway.url);
  const socket = connect(Number(port), hostname);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(
    'POST /wsi/InstantMessaging HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n<soapenv:Envelope',
  );
  // The gateway has the request head: the connection is busy, not idle, when SIGTERM comes.
  await new Promise((resolve) => setTimeout(resolve, 200));
  await gateway.stop();
  t.is(gateway.child.exitCode, 0, 'a clean exit');
  await closed;
  t.true(socket.destroyed, 'the busy connection was cut');
});
