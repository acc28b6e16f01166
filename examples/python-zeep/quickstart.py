#!/usr/bin/python3
"""imwsi quickstart with Python zeep: send one message to two Instant Inboxes, long-poll, print, acknowledge.

Usage:
    /usr/bin/python3 quickstart.py WSDL_URL [--user alice@example.com] [--password alice-password]
                                            [--to bob@example.com] [--to-password bob-password] [--wait 10]

Everything zeep needs comes from the WSDL at WSDL_URL: the server's /wsi/InstantMessaging?wsdl (SOAP 1.1)
or /wsi/InstantMessaging/soap12?wsdl (SOAP 1.2). Authentication is a WS-Security UsernameToken with
PasswordDigest (nonce + wsu:Created), which is what the gateway requires. Exits 0 only if the round trip
checked out: both inboxes received exactly the bytes that were sent, both acknowledgements removed them,
the delivery status says delivered, and an unknown message id comes back as a Parlay X ServiceException.
"""
import argparse
import concurrent.futures
import sys
import uuid

from lxml import etree
import zeep
import zeep.exceptions
from zeep.wsse.username import UsernameToken

# Content is xsd:base64Binary, so any bytes travel; this text checks that multibyte UTF-8 (emoji, CJK,
# accented Latin) comes back byte for byte.
GREETING = "Hello from zeep \U0001F44B \u4f60\u597d\uff0c\u4e16\u754c \u3053\u3093\u306b\u3061\u306f caf\u00e9"


def client_for(wsdl_url, user, password):
    # zeep makes a fresh nonce and Created for every request; the gateway refuses a replayed nonce.
    return zeep.Client(wsdl_url, wsse=UsernameToken(user, password, use_digest=True))


def wait_for(client, message_id, wait_seconds):
    """Long-polls the caller's inbox until message_id shows up; returns (message, batch)."""
    for _ in range(5):
        batch = client.service.GetMessages(waitSeconds=wait_seconds)
        for message in batch.message:
            if message.messageId == message_id:
                return message, batch
        if batch.ackToken:  # older messages were in the way: acknowledge them so the next poll moves on
            client.service.AckMessages(ackToken=batch.ackToken)
    raise RuntimeError("message %s did not arrive" % message_id)


def first_message(client, wait_seconds):
    """One long poll on an inbox: GetMessages returns as soon as a message arrives (or after wait_seconds)."""
    return client.service.GetMessages(maxMessages=1, waitSeconds=wait_seconds)


def check_received(name, client, message, batch, content):
    got = message.content  # zeep decodes xsd:base64Binary to bytes
    same = got == content
    print("%s received #%d from %s at %s: %s [%s]" % (
        name, message.sequenceNumber, message.sender, message.receivedAt.isoformat(),
        got.decode("utf-8", "replace"), "bytes match" if same else "BYTES DIFFER"))
    acknowledged = client.service.AckMessages(ackToken=batch.ackToken)
    print("  %s acknowledged %d" % (name, acknowledged))
    return same and acknowledged >= 1


def show_fault(client):
    """Provokes a ServiceException: the Parlay X detail (messageId, text, variables) is in fault.detail."""
    try:
        client.service.GetDeliveryStatus(messageId="no-such-message")
    except zeep.exceptions.Fault as fault:
        # fault.detail is the raw <detail> element; the WSDL types its child, so let zeep parse it.
        for child in fault.detail if fault.detail is not None else []:
            name = etree.QName(child)
            if name.localname in ("ServiceException", "PolicyException"):
                detail = client.get_element(name.text).parse(child, client.wsdl.types)
                print("fault %s %s: %s %s" % (name.localname, detail.messageId, detail.text, list(detail.variables)))
                return detail.messageId == "SVC2001"
        print("FAIL: fault without a Parlay X detail: %s" % fault.message, file=sys.stderr)
        return False
    print("FAIL: an unknown message id did not fault", file=sys.stderr)
    return False


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("wsdl_url")
    parser.add_argument("--user", default="alice@example.com")
    parser.add_argument("--password", default="alice-password")
    parser.add_argument("--to", default="bob@example.com")
    parser.add_argument("--to-password", default="bob-password")
    parser.add_argument("--wait", type=int, default=10, help="GetMessages waitSeconds (long poll)")
    args = parser.parse_args(argv)

    sender = client_for(args.wsdl_url, args.user, args.password)
    receiver = client_for(args.wsdl_url, args.to, args.to_password)
    content = GREETING.encode("utf-8")

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        # The receiver is already waiting in a long poll when the message is sent: no busy polling.
        poll = pool.submit(first_message, receiver, args.wait)

        # SendMessages: one message, two recipients (the other user and the sender's own inbox).
        results = sender.service.SendMessages(message=[{
            "recipient": [args.to, args.user],
            "contentType": "text/plain; charset=utf-8",
            "content": content,  # zeep base64-encodes bytes for xsd:base64Binary
            "subject": "quickstart",
            "clientMessageId": "quickstart-" + uuid.uuid4().hex,
        }])
        result = results[0]
        print("sent %s, expires %s" % (result.messageId, result.expiresAt.isoformat()))
        for r in result.recipientResult:
            print("  %-24s %s" % (r.address, r.status))
        if [r.status for r in result.recipientResult] != ["queued", "queued"]:
            print("FAIL: not every recipient was queued", file=sys.stderr)
            return 1
        batch = poll.result()

    ok = True
    mine = [m for m in batch.message if m.messageId == result.messageId]
    if mine:
        ok = check_received(args.to, receiver, mine[0], batch, content) and ok
    else:  # the inbox held older messages: read on until ours arrives
        if batch.ackToken:
            receiver.service.AckMessages(ackToken=batch.ackToken)
        message, batch = wait_for(receiver, result.messageId, args.wait)
        ok = check_received(args.to, receiver, message, batch, content) and ok

    message, batch = wait_for(sender, result.messageId, args.wait)
    ok = check_received(args.user, sender, message, batch, content) and ok

    status = sender.service.GetDeliveryStatus(messageId=result.messageId)
    for s in status.status:
        print("delivery status %-24s %s" % (s.address, s.status))
        ok = ok and s.status == "delivered"

    ok = show_fault(sender) and ok
    print("round trip OK" if ok else "round trip FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
