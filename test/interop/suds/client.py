#!/usr/bin/python3
"""imwsi interop client for Python suds (suds-community, Debian python3-suds), driven by
test/interop/suds.test.ts.

Usage: /usr/bin/python3 client.py WSDL_URL USER PASSWORD OTHER_RECIPIENT CONTENT_BASE64

Builds its client from the served WSDL only, sends CONTENT to USER and OTHER_RECIPIENT, reads it back from
USER's inbox, acknowledges it, provokes one fault, and prints one JSON report on stdout.

suds cannot compute a PasswordDigest (suds.wsse.UsernameToken only carries one computed elsewhere, and its
Security element is fixed per client, so every call would replay one nonce). A MessagePlugin therefore adds
the wsse:Security header to each outgoing envelope, with a fresh nonce and Created per request.
suds maps xsd:base64Binary to a plain string: the content is base64-encoded here and decoded from the reply.
"""
import base64
import hashlib
import json
import os
import sys
from datetime import datetime, timezone

import suds
from suds.client import Client
from suds.plugin import MessagePlugin
from suds.sax.element import Element

WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd'
WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd'
PROFILE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0'
SECURITY = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0'


class UsernameTokenDigest(MessagePlugin):
    """WS-Security 1.0 UsernameToken: Base64(SHA-1(nonce bytes + Created + password)), new per request."""

    def __init__(self, user, password):
        self.user = user
        self.password = password

    def marshalled(self, context):
        nonce = os.urandom(16)
        created = datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
        digest = base64.b64encode(hashlib.sha1(nonce + created.encode() + self.password.encode()).digest()).decode()

        def el(name, ns, text=None, **attributes):
            e = Element(name, ns=ns)
            for key, value in attributes.items():
                e.set(key, value)
            if text is not None:
                e.setText(text)
            return e

        wsse, wsu = ('wsse', WSSE), ('wsu', WSU)
        token = el('UsernameToken', wsse)
        token.append(el('Username', wsse, self.user))
        token.append(el('Password', wsse, digest, Type=PROFILE + '#PasswordDigest'))
        token.append(el('Nonce', wsse, base64.b64encode(nonce).decode(), EncodingType=SECURITY + '#Base64Binary'))
        token.append(el('Created', wsu, created))
        security = el('Security', wsse)
        security.append(token)
        # suds always writes a SOAP-ENV:Header (empty when there are no soapheaders).
        header = context.envelope.getChild('Header')
        header.append(security)


def as_list(value):
    """suds gives one object for a single item of an unbounded element, a list for several."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def main():
    wsdl, user, password, other, content_base64 = sys.argv[1:6]
    content = base64.b64decode(content_base64)
    # cache=None: the WSDL changes with the gateway's port, never reuse a cached copy.
    client = Client(wsdl, cache=None, plugins=[UsernameTokenDigest(user, password)])
    service = client.service
    report = {'stack': 'python-suds %s' % suds.__version__}

    message = client.factory.create('OutboundMessage')
    message.recipient = [user, other]
    message.contentType = 'text/plain; charset=utf-8'
    message.content = base64.b64encode(content).decode()  # base64Binary is a plain string in suds
    message.subject = 'suds interop'
    message.clientMessageId = 'suds-' + os.urandom(8).hex()
    result = as_list(service.SendMessages([message]))[0]
    report['messageId'] = result.messageId
    report['expiresAt'] = result.expiresAt.isoformat()  # xsd:dateTime: an aware datetime
    report['recipientStatus'] = [r.status for r in as_list(result.recipientResult)]

    batch = service.GetMessages(waitSeconds=5)
    mine = [m for m in as_list(getattr(batch, 'message', None)) if m.messageId == result.messageId]
    report['received'] = len(mine)
    if mine:
        report['receivedHex'] = base64.b64decode(mine[0].content).hex()
        report['sequenceNumber'] = mine[0].sequenceNumber
        report['sender'] = mine[0].sender
    report['acknowledged'] = service.AckMessages(ackToken=batch.ackToken)

    try:
        service.GetDeliveryStatus(messageId='no-such-message')
        report['fault'] = None
    except suds.WebFault as error:
        # error.fault.detail is unmarshalled against the WSDL's fault element: ServiceException with fields.
        detail = getattr(error.fault, 'detail', None)
        exception = getattr(detail, 'ServiceException', None)
        report['fault'] = {
            'faultcode': error.fault.faultcode,
            'type': 'ServiceException' if exception is not None else None,
            'messageId': getattr(exception, 'messageId', None),
            'text': getattr(exception, 'text', None),
            'variables': [str(v) for v in as_list(getattr(exception, 'variables', None))],
        }
    print(json.dumps(report, sort_keys=True, default=str))


if __name__ == '__main__':
    main()
