// The schema embedded in the WSDL, checked by an independent validator (libxml2's xmllint): it compiles,
// and the envelopes node soap really exchanges with the gateway are valid against it, faults included.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import * as soap from 'soap';
import { password, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { interopContent, requireTools, runProgram } from '../helpers/foreign-stack.js';

const soap11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const schemaNamespace = 'http://www.w3.org/2001/XMLSchema';

/**
 * The WSDL's xsd:schema as a standalone file. Its prefixes (xsd, tns) are declared on wsdl:definitions, so
 * those declarations are copied onto the schema element.
 */
function embeddedSchema(wsdl: string): string {
  const schema = /<xsd:schema\b[\s\S]*<\/xsd:schema>/.exec(wsdl)?.[0];
  const definitions = /<wsdl:definitions\b[^>]*>/.exec(wsdl)?.[0];
  if (!schema || !definitions) throw new Error('no xsd:schema in the WSDL');
  const declarations = [...definitions.matchAll(/\sxmlns:(\w+)="[^"]*"/g)].filter(
    ([, prefix]) => !new RegExp(`xmlns:${prefix}=`).test(schema.slice(0, schema.indexOf('>'))),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n${schema.replace('<xsd:schema', `<xsd:schema${declarations.map(([d]) => d).join('')}`)}\n`;
}

/**
 * A minimal SOAP 1.1 envelope schema whose Body children are validated strictly against the WSDL's schema,
 * and whose fault detail must be a declared element (ServiceException / PolicyException). Headers are
 * skipped: WS-Security is not ours to validate.
 */
function envelopeSchema(serviceNamespace: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="${schemaNamespace}" xmlns:env="${soap11}" targetNamespace="${soap11}" elementFormDefault="qualified">
  <xs:import namespace="${serviceNamespace}" schemaLocation="service.xsd"/>
  <xs:element name="Envelope">
    <xs:complexType><xs:sequence>
      <xs:element name="Header" minOccurs="0"><xs:complexType><xs:sequence>
        <xs:any namespace="##any" processContents="skip" minOccurs="0" maxOccurs="unbounded"/>
      </xs:sequence><xs:anyAttribute processContents="skip"/></xs:complexType></xs:element>
      <xs:element name="Body"><xs:complexType><xs:choice>
        <xs:element ref="env:Fault"/>
        <xs:any namespace="${serviceNamespace}" processContents="strict"/>
      </xs:choice></xs:complexType></xs:element>
    </xs:sequence></xs:complexType>
  </xs:element>
  <xs:element name="Fault">
    <xs:complexType><xs:sequence>
      <xs:element name="faultcode" type="xs:QName" form="unqualified"/>
      <xs:element name="faultstring" type="xs:string" form="unqualified"/>
      <xs:element name="faultactor" type="xs:anyURI" form="unqualified" minOccurs="0"/>
      <xs:element name="detail" form="unqualified"><xs:complexType><xs:sequence>
        <xs:any namespace="${serviceNamespace}" processContents="strict"/>
      </xs:sequence></xs:complexType></xs:element>
    </xs:sequence></xs:complexType>
  </xs:element>
</xs:schema>
`;
}

async function xmllint(t: ExecutionContext, dir: string, schema: string, file: string): Promise<string> {
  const run = await runProgram('xmllint', ['--noout', '--nonet', '--schema', schema, file], { cwd: dir });
  t.is(run.code, 0, `${file}: ${run.stderr}`);
  return run.stderr.trim();
}

/** Real traffic from node soap: each operation's request and response as sent on the wire, and one fault. */
async function captureEnvelopes(gateway: TestGateway): Promise<Record<string, string>> {
  const alice = 'alice@example.com';
  const client = await soap.createClientAsync(gateway.wsdlUrl);
  client.setSecurity(new soap.WSSecurity(alice, password(alice), { passwordType: 'PasswordDigest', hasTimeStamp: false }));
  const envelopes: Record<string, string> = {};
  const exchange = async (operation: string, args: object) => {
    await (client as unknown as Record<string, (a: object) => Promise<unknown>>)[`${operation}Async`]!(args);
    envelopes[`${operation}-request`] = client.lastRequest ?? '';
    envelopes[`${operation}-response`] = client.lastResponse ?? '';
  };
  await exchange('SendMessages', {
    message: [
      {
        recipient: [alice, 'bob@example.com', 'nobody@example.com'],
        content: interopContent.toString('base64'),
        subject: 'schema',
        priority: 'high',
        validitySeconds: 60,
        deliveryReport: true,
        clientMessageId: 'schema-1',
      },
    ],
  });
  await exchange('GetMessages', { maxMessages: 10, waitSeconds: 1 });
  await exchange('AckMessages', { sequenceNumber: [1] });
  const sent = /<(?:\w+:)?messageId>([^<]+)</.exec(envelopes['SendMessages-response']!)?.[1] ?? '';
  await exchange('GetDeliveryStatus', { messageId: sent });
  try {
    await exchange('GetDeliveryStatus', { messageId: 'no-such-message' });
  } catch (error) {
    envelopes['fault-response'] = String((error as { body?: unknown }).body ?? '');
  }
  return envelopes;
}

test('the schema embedded in each served WSDL compiles in xmllint, and real node soap envelopes and faults validate against it', async (t) => {
  // Skipped with a notice where libxml2's xmllint is missing (libxml2-utils on Debian).
  if (!requireTools(t, { xmllint: ['xmllint', '--version'] })) return;
  const gateway = await startTestGateway({ accounts: ['alice', 'bob'] });
  const dir = mkdtempSync(join(tmpdir(), 'imwsi-xsd-'));
  t.teardown(async () => {
    await gateway.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const path of ['', '/soap12']) {
    const wsdl = await (await fetch(`${gateway.url}/wsi/InstantMessaging${path}?wsdl`)).text();
    writeFileSync(join(dir, 'service.xsd'), embeddedSchema(wsdl));
    // Validating the schema file against itself would fail on content; compiling it is what we want, so
    // validate an instance that needs the whole schema compiled: a fault detail.
    const namespace = /targetNamespace="([^"]+)"/.exec(wsdl)![1]!;
    writeFileSync(
      join(dir, 'detail.xml'),
      `<ServiceException xmlns="${namespace}"><messageId>SVC0001</messageId><text>t</text></ServiceException>`,
    );
    t.regex(await xmllint(t, dir, 'service.xsd', 'detail.xml'), /validates/, `schema of ${path || '/'} compiles`);
  }

  const wsdl = await (await fetch(gateway.wsdlUrl)).text();
  writeFileSync(join(dir, 'service.xsd'), embeddedSchema(wsdl));
  writeFileSync(join(dir, 'envelope.xsd'), envelopeSchema(/targetNamespace="([^"]+)"/.exec(wsdl)![1]!));
  const envelopes = await captureEnvelopes(gateway);
  t.deepEqual(Object.keys(envelopes).sort(), [
    'AckMessages-request',
    'AckMessages-response',
    'GetDeliveryStatus-request',
    'GetDeliveryStatus-response',
    'GetMessages-request',
    'GetMessages-response',
    'SendMessages-request',
    'SendMessages-response',
    'fault-response',
  ]);
  // The inbox copy must really be in the GetMessages response, or its validation would prove little.
  t.regex(envelopes['GetMessages-response']!, /sequenceNumber>1</);
  for (const [name, xml] of Object.entries(envelopes)) {
    writeFileSync(join(dir, `${name}.xml`), xml);
    t.regex(await xmllint(t, dir, 'envelope.xsd', `${name}.xml`), /validates$/, name);
  }
  // The check has teeth: a renamed element fails strict validation.
  const tampered = envelopes['GetMessages-response']!.replace(/(<\/?(?:\w+:)?)pending>/g, '$1pendingCount>');
  t.not(tampered, envelopes['GetMessages-response']);
  writeFileSync(join(dir, 'tampered.xml'), tampered);
  const rejected = await runProgram('xmllint', ['--noout', '--nonet', '--schema', 'envelope.xsd', 'tampered.xml'], { cwd: dir });
  t.regex(rejected.stderr, /pendingCount.*not expected/);
});

test('each served WSDL holds exactly one binding, one port and only its own SOAP binding namespace', async (t) => {
  const gateway = await startTestGateway();
  t.teardown(() => gateway.stop());
  const views = { '1.1': ['', 'soap', 'soap12'], '1.2': ['/soap12', 'soap12', 'soap'] } as const;
  for (const [version, [path, own, other]] of Object.entries(views)) {
    const wsdl = await (await fetch(`${gateway.url}/wsi/InstantMessaging${path}?wsdl`)).text();
    t.is(wsdl.match(/<wsdl:binding\b/g)?.length, 1, `SOAP ${version}: one binding`);
    t.is(wsdl.match(/<wsdl:port\b/g)?.length, 1, `SOAP ${version}: one port`);
    t.regex(wsdl, new RegExp(`<${own}:address location="${gateway.url}/wsi/InstantMessaging${path}"`));
    // gSOAP's wsdl2h generates a SOAP 1.2 client when the soap12 namespace is merely declared.
    t.false(wsdl.includes(`xmlns:${other}=`), `SOAP ${version}: no xmlns:${other}`);
    t.false(new RegExp(`<${other}:`).test(wsdl), `SOAP ${version}: no ${other}: elements`);
  }
});
