// gSOAP (C++) against the served WSDL: wsdl2h + soapcpp2 generate the stubs from the WSDL URL (wsdl2h adds the
// WS-Security header types itself, from the WSDL's WS-SecurityPolicy), g++ builds test/interop/gsoap/client.cpp
// with the wsse plugin (PasswordDigest) in a temp dir. Nothing is cached.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test, { type ExecutionContext } from 'ava';
import { password, startTestGateway } from '../helpers/gateway.js';
import { assertRoundTrip, interopContent, requireTools, runInteropProgram, runProgram } from '../helpers/foreign-stack.js';

const client = fileURLToPath(new URL('./gsoap/client.cpp', import.meta.url));
const gsoapShare = '/usr/share/gsoap';
// The wsse plugin and what it needs: digests (smdevp), the SAML/timeval types its header declarations pull in.
const pluginSources = ['plugin/wsseapi.cpp', 'plugin/smdevp.c', 'plugin/mecevp.c', 'custom/struct_timeval.c'].map((f) =>
  join(gsoapShare, f),
);

async function step(t: ExecutionContext, cwd: string, command: string, args: readonly string[]): Promise<void> {
  const run = await runProgram(command, args, { cwd, timeoutMs: 110_000 });
  if (run.code !== 0) t.log(run.stdout, run.stderr);
  t.is(run.code, 0, `${command} failed`);
  if (run.code !== 0) throw new Error(`${command} exited with ${run.code}`);
}

/** wsdl2h -> soapcpp2 -> g++: a client binary whose types, endpoint and SOAPActions come from the WSDL. */
async function buildClient(t: ExecutionContext, wsdlUrl: string, dir: string): Promise<string> {
  await step(t, dir, 'wsdl2h', ['-o', 'im.h', wsdlUrl]);
  // The WSDL's WS-SecurityPolicy (sp:UsernameToken with sp:HashPassword) makes wsdl2h import the WS-Security
  // header types by itself; before the policy the test appended this #import to im.h.
  const header = readFileSync(join(dir, 'im.h'), 'utf8');
  t.regex(header, /^#import "wsse\.h"$/m, 'wsdl2h imports wsse.h because of the policy');
  t.regex(header, /WS-Security Username required/, 'wsdl2h read the UsernameToken assertion');
  await step(t, dir, 'soapcpp2', ['-j', '-C', '-L', '-x', `-I${gsoapShare}/import:${gsoapShare}`, 'im.h']);
  copyFileSync(client, join(dir, 'client.cpp'));
  // soapcpp2 names the proxy after the WSDL's binding; there must be exactly one (one per served view).
  const proxies = readdirSync(dir).filter((f) => /^soap\w+Proxy\.cpp$/.test(f));
  t.is(proxies.length, 1, `one binding, one proxy: ${proxies.join(', ')}`);
  const binding = proxies[0]!.slice('soap'.length, -'Proxy.cpp'.length);
  await step(t, dir, 'g++', [
    '-O0',
    '-w',
    '-o',
    'client',
    '-DWITH_OPENSSL',
    '-DWITH_DOM',
    '-DWITH_GZIP',
    '-DWITH_IPV6', // the flags libgsoapssl++ was built with
    `-DIM_PROXY=${binding}Proxy`,
    `-DIM_PROXY_H="soap${binding}Proxy.h"`,
    `-DIM_NSMAP="${binding}.nsmap"`,
    '-I.',
    `-I${gsoapShare}/plugin`,
    `-I${gsoapShare}`,
    'client.cpp',
    'soapC.cpp',
    proxies[0]!,
    ...pluginSources,
    '-lgsoapssl++',
    '-lssl',
    '-lcrypto',
    '-lz',
  ]);
  return join(dir, 'client');
}

const tools = {
  wsdl2h: ['sh', '-c', 'command -v wsdl2h'],
  soapcpp2: ['sh', '-c', 'command -v soapcpp2'],
  'g++': ['g++', '--version'],
  // stdsoap2.h and the unversioned library symlinks come with libgsoap-dev.
  'libgsoap-dev': ['pkg-config', '--exists', 'gsoapssl++'],
} as const;

for (const version of ['1.1', '1.2'] as const) {
  test(`gSOAP stubs generated from the SOAP ${version} WSDL send, poll, acknowledge and deserialize the ServiceException detail`, async (t) => {
    if (!requireTools(t, tools) || !existsSync(join(gsoapShare, 'plugin/wsseapi.cpp'))) return;
    const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
    const dir = mkdtempSync(join(tmpdir(), 'imwsi-gsoap-'));
    t.teardown(async () => {
      await gateway.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    const wsdlUrl = version === '1.1' ? gateway.wsdlUrl : `${gateway.url}/wsi/InstantMessaging/soap12?wsdl`;
    const binary = await buildClient(t, wsdlUrl, dir);
    const alice = 'alice@example.com';
    const report = await runInteropProgram(t, binary, [alice, password(alice), 'bob@example.com', interopContent.toString('base64')]);
    t.regex(report.stack, /^gsoap /);
    // gSOAP names the fault code with its own prefix for the version it spoke: the endpoint's version.
    t.is(report.fault?.faultcode, version === '1.1' ? 'SOAP-ENV:Client' : 'SOAP-ENV:Sender');
    await assertRoundTrip(t, gateway, report);
  });
}
