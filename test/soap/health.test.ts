// /healthz is honest: it answers 503 naming the failed check when a built-in prototype was changed or the
// database does not answer, instead of "ok" while every SOAP call fails (issue 7).
import test from 'ava';
import { startTestGateway } from '../helpers/gateway.js';

test.serial('a key added to Object.prototype turns /healthz into 503 naming it', async (t) => {
  const gateway = await startTestGateway();
  t.teardown(() => gateway.stop());
  const proto = Object.prototype as Record<string, unknown>;
  // The pollution node soap's multiRef handling once caused, made non-enumerable here so that prom-client's
  // and express's own for...in loops in this test process do not trip on it meanwhile; removed at once.
  Object.defineProperty(proto, 'hrefs', { value: [], enumerable: false, configurable: true });
  let response: Response;
  try {
    response = await fetch(`${gateway.url}/healthz`);
  } finally {
    delete proto['hrefs'];
  }
  t.is(response.status, 503);
  const report = (await response.json()) as { status: string; checks: Record<string, string> };
  t.is(report.status, 'failing');
  t.regex(report.checks['prototypes']!, /hrefs/);
  t.is(report.checks['database'], 'ok');
  t.is((await fetch(`${gateway.url}/healthz`)).status, 200);
});

test.serial('a database that does not answer turns /healthz into 503', async (t) => {
  const gateway = await startTestGateway();
  t.teardown(() => gateway.stop().catch(() => undefined));
  await gateway.store.close();
  const response = await fetch(`${gateway.url}/healthz`);
  t.is(response.status, 503);
  const report = (await response.json()) as { checks: Record<string, string> };
  t.not(report.checks['database'], 'ok');
  t.is(report.checks['soap'], 'ok');
});
