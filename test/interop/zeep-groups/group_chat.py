#!/usr/bin/python3
"""Groups through Python zeep, from the WSDL alone: julia creates an open group, romeo joins under a screen
name, a second join under the same name is refused with SVC5002 and its suggestions, julia sends a group
message, romeo long-polls his inbox and finds the copy with its groupMessage notification, reads the history.
Prints one JSON report as its last line.

Usage: /usr/bin/python3 group_chat.py BASE_URL JULIA_PASSWORD ROMEO_PASSWORD MARIA_PASSWORD
"""
import base64
import json
import sys

import zeep
import zeep.exceptions
from zeep.wsse.username import UsernameToken

base, julia_password, romeo_password, maria_password = sys.argv[1:5]


def client(service, user, password):
    return zeep.Client("%s/wsi/%s?wsdl" % (base, service), wsse=UsernameToken(user, password, use_digest=True))


julia = client("Groups", "julia@example.com", julia_password)
romeo = client("Groups", "romeo@example.com", romeo_password)
maria = client("Groups", "maria@example.com", maria_password)
romeo_inbox = client("InstantMessaging", "romeo@example.com", romeo_password)

group = julia.service.CreateGroup(name="Verona", access="open", screenName="Julia", properties={"topic": "the balcony"})
group_id = group.groupId
joined = romeo.service.JoinGroup(groupId=group_id, screenName="Romeo")

fault = None
try:
    maria.service.JoinGroup(groupId=group_id, screenName="romeo")
except zeep.exceptions.Fault as error:
    detail = error.detail[0] if error.detail is not None and len(error.detail) else None
    texts = [node.text for node in detail.iter() if node.tag.endswith("variables")] if detail is not None else []
    code = [node.text for node in detail.iter() if node.tag.endswith("messageId")] if detail is not None else []
    fault = {"messageId": code[0] if code else None, "variables": texts}

sent = julia.service.SendGroupMessage(groupId=group_id, content="Wherefore art thou? \U0001F339".encode("utf-8"))

copy = None
for _ in range(5):
    batch = romeo_inbox.service.GetMessages(waitSeconds=5)
    for message in batch.message:
        if message.notification is not None and message.notification.type == "groupMessage":
            attributes = {a.name: a.value for a in message.notification.attribute}
            copy = {
                "text": message.content.decode("utf-8"),
                "sender": message.sender,
                "recipient": list(message.recipient),
                "groupId": attributes.get("groupId"),
                "screenName": attributes.get("screenName"),
                "groupSequence": attributes.get("groupSequence"),
            }
    if batch.ackToken:
        romeo_inbox.service.AckMessages(ackToken=batch.ackToken)
    if copy:
        break

history = romeo.service.GetGroupHistory(groupId=group_id, order="oldestFirst")
print(json.dumps({
    "stack": "zeep %s" % zeep.__version__,
    "groupId": group_id,
    "joined": joined.status,
    "fault": fault,
    "sent": {"groupSequence": sent.groupSequence, "recipients": sent.recipients},
    "copy": copy,
    "history": [[e.kind, e.screenName, e.status or base64.b64encode(e.content or b"").decode()] for e in history.entry],
}, ensure_ascii=False))
