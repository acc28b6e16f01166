// The Java JAX-WS RI (Debian package jaxws 2.3, javax.xml.ws) against the served WSDL: wsimport generates the
// client classes from each view of the WSDL, javac builds them once with test/interop/jaxws/Client.java (the
// WS-Security PasswordDigest header comes from a SOAPHandler), and each test runs the client over SOAP 1.1 or
// SOAP 1.2. Built in a temp dir in test.before; nothing is cached between runs.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { password, startTestGateway } from '../helpers/gateway.js';
import {
  assertRoundTrip,
  available,
  interopContent,
  type InteropReport,
  requireTools,
  runInteropProgram,
  runProgram,
} from '../helpers/foreign-stack.js';

const client = fileURLToPath(new URL('./jaxws/Client.java', import.meta.url));
// The runtime jar's manifest Class-Path names the rest (JAXB, SAAJ, javax.xml.ws API, StAX, ...).
const runtimeJar = '/usr/share/java/jaxws-rt.jar';
// What wsimport generates: the WSDL's namespace http://imwsi.org/wsi/InstantMessaging/v1 as a package.
const generatedPackage = 'org/imwsi/wsi/instantmessaging/v1';

const tools = {
  // JDK 11+ has no JAX-WS: wsimport and the runtime come from Debian's jaxws package (libjaxws-java).
  'wsimport (jaxws)': ['sh', '-c', 'command -v wsimport'],
  'jaxws-rt.jar (libjaxws-java)': ['test', '-f', runtimeJar],
  'javac (a JDK)': ['javac', '-version'],
} as const;

interface Build {
  /** Classpath for each view: the 1.2 view's service class first, shadowing the 1.1 one. */
  readonly classpath: Record<'1.1' | '1.2', string>;
  /** Generated files whose content differs between the SOAP 1.1 and SOAP 1.2 views. */
  readonly differing: readonly string[];
}

let build: Build | undefined;
/** The temp dir, set before anything is generated, so it is removed even when the build failed. */
let buildDir: string | undefined;
let buildLog = '';

async function step(cwd: string, command: string, args: readonly string[]): Promise<void> {
  const run = await runProgram(command, args, { cwd, timeoutMs: 110_000 });
  buildLog += `$ ${command} ${args.join(' ')}\n${run.stdout}${run.stderr}`;
  if (run.code !== 0) throw new Error(`${command} exited with ${run.code}:\n${buildLog}`);
}

/**
 * Generated source without comments and with `throws` lists sorted: wsimport lists the fault classes in hash
 * order, which differs from run to run (seen in its Javadoc @throws lines).
 */
const normalized = (source: string) =>
  source.replace(/\/\*[\s\S]*?\*\//g, '').replace(
    /throws\s+([\w\s,]+?)\s*;/g,
    (_, list: string) =>
      `throws ${list
        .split(',')
        .map((e) => e.trim())
        .sort()
        .join(', ')};`,
  );

const javaFiles = (dir: string) =>
  readdirSync(join(dir, generatedPackage))
    .filter((f) => f.endsWith('.java'))
    .sort();

test.before(async () => {
  // Missing tools: no build; each test then skips with requireTools' notice.
  if (!Object.values(tools).every(([command, ...args]) => available(command, args))) return;
  const gateway = await startTestGateway();
  const dir = (buildDir = mkdtempSync(join(tmpdir(), 'imwsi-jaxws-')));
  try {
    const views = { '1.1': gateway.wsdlUrl, '1.2': `${gateway.url}/wsi/InstantMessaging/soap12?wsdl` };
    // wsimport refuses a -d directory that does not exist yet.
    for (const out of ['gen11', 'gen12']) mkdirSync(join(dir, out));
    // -extension: without it wsimport ignores the SOAP 1.2 port ("non-standard SOAP 1.2 binding") and the
    // generated service has no port at all. The SOAP 1.1 view is generated without it.
    await Promise.all([
      step(dir, 'wsimport', ['-keep', '-Xnocompile', '-quiet', '-d', 'gen11', views['1.1']]),
      step(dir, 'wsimport', ['-extension', '-keep', '-Xnocompile', '-quiet', '-d', 'gen12', views['1.2']]),
    ]);
    const files11 = javaFiles(join(dir, 'gen11'));
    const differing = [...new Set([...files11, ...javaFiles(join(dir, 'gen12'))])].filter((f) => {
      const read = (gen: string) => {
        try {
          return normalized(readFileSync(join(dir, gen, generatedPackage, f), 'utf8'));
        } catch {
          return undefined;
        }
      };
      return read('gen11') !== read('gen12');
    });
    // One javac for the types, the SOAP 1.1 service class and the client; the 1.2 view only adds its own
    // service class (the types are the same, checked in the SOAP 1.2 test).
    await step(dir, 'javac', [
      '-nowarn',
      '-encoding',
      'UTF-8',
      '-cp',
      runtimeJar,
      '-d',
      'classes11',
      ...files11.map((f) => join('gen11', generatedPackage, f)),
      client,
    ]);
    await step(dir, 'javac', [
      '-nowarn',
      '-encoding',
      'UTF-8',
      '-cp',
      `classes11:${runtimeJar}`,
      '-d',
      'classes12',
      join('gen12', generatedPackage, 'InstantMessagingService.java'),
    ]);
    build = {
      differing,
      classpath: {
        '1.1': `${join(dir, 'classes11')}:${runtimeJar}`,
        '1.2': `${join(dir, 'classes12')}:${join(dir, 'classes11')}:${runtimeJar}`,
      },
    };
  } finally {
    await gateway.stop();
  }
});

test.after.always(() => {
  if (buildDir) rmSync(buildDir, { recursive: true, force: true });
});

for (const version of ['1.1', '1.2'] as const) {
  test(`JAX-WS RI stubs generated by wsimport from the SOAP ${version} WSDL send, poll, acknowledge and deserialize the ServiceException detail`, async (t) => {
    // Skipped with a notice where the JAX-WS RI or a JDK is missing (Debian: jaxws, openjdk-17-jdk-headless).
    if (!requireTools(t, tools)) return;
    t.truthy(build, `the wsimport/javac build did not run:\n${buildLog}`);
    if (!build) return;
    if (version === '1.2') {
      // Both views bind the same types: only the service class (WSDL location, port name) differs.
      t.deepEqual(build.differing, ['InstantMessagingService.java']);
    }
    const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
    t.teardown(() => gateway.stop());
    const wsdlUrl = version === '1.1' ? gateway.wsdlUrl : `${gateway.url}/wsi/InstantMessaging/soap12?wsdl`;
    const alice = 'alice@example.com';
    const report: InteropReport & { port?: string; bindingId?: string } = await runInteropProgram(t, 'java', [
      '-cp',
      build.classpath[version],
      'Client',
      wsdlUrl,
      alice,
      password(alice),
      'bob@example.com',
      interopContent.toString('base64'),
    ]);
    t.regex(report.stack, /^jaxws-ri /);
    // The runtime takes the SOAP version from the WSDL port; the fault code shows what it really spoke.
    if (version === '1.1') {
      t.is(report.port, 'InstantMessaging');
      t.is(report.bindingId, 'http://schemas.xmlsoap.org/wsdl/soap/http');
      t.is(report.fault?.faultcode, '{http://schemas.xmlsoap.org/soap/envelope/}Client');
    } else {
      t.is(report.port, 'InstantMessagingSoap12');
      t.is(report.bindingId, 'http://www.w3.org/2003/05/soap/bindings/HTTP/');
      t.is(report.fault?.faultcode, '{http://www.w3.org/2003/05/soap-envelope}Sender');
    }
    await assertRoundTrip(t, gateway, report);
  });
}
