// The response writer compiled from the WSDL: schema order, declared elements only, escaping, lists.
import test from 'ava';
import { responseEnvelope } from '../../src/platform/soap/response-writer.js';
import { readWsdl } from '../../src/platform/soap/wsdl-file.js';
import { readServiceSchema } from '../../src/platform/soap/wsdl-schema.js';

const schema = readServiceSchema(readWsdl('InstantMessaging').text);

test('elements come out in schema order whatever the key order, undeclared keys are not written, text is escaped', (t) => {
  const xml = responseEnvelope(
    schema,
    'SendMessages',
    {
      result: [
        {
          recipientResult: [{ status: 'queued', address: 'a&b<c>@example.com' }],
          expiresAt: '2026-12-01T00:00:00.000Z',
          messageId: 'm-1',
          smuggled: '<evil/>',
        },
      ],
    },
    '1.1',
  );
  t.is(
    xml,
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
      '<SendMessagesResponse xmlns="http://imwsi.org/wsi/InstantMessaging/v1"><result><messageId>m-1</messageId>' +
      '<expiresAt>2026-12-01T00:00:00.000Z</expiresAt><recipientResult><address>a&amp;b&lt;c&gt;@example.com</address>' +
      '<status>queued</status></recipientResult></result></SendMessagesResponse></soap:Body></soap:Envelope>',
  );
});

test('numbers are written in xsd lexical form, an empty list writes nothing, SOAP 1.2 has its namespace', (t) => {
  const xml = responseEnvelope(schema, 'GetMessages', { message: [], pending: 3 }, '1.2');
  t.true(xml.startsWith('<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope">'));
  t.regex(xml, /<GetMessagesResponse xmlns="[^"]+"><pending>3<\/pending><\/GetMessagesResponse>/);
  const acks = responseEnvelope(schema, 'AckMessages', { acknowledged: 2 }, '1.1');
  t.regex(acks, /<acknowledged>2<\/acknowledged>/);
});

test('a list given for a single element is refused, not written', (t) => {
  t.throws(() => responseEnvelope(schema, 'AckMessages', { acknowledged: [1, 2] }, '1.1'), { message: /not a list/ });
});
