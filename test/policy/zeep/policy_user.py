#!/usr/bin/python3
"""The Policy service through Python zeep, from the WSDL alone: bob reads his quota status, adds an inbox
filter and lists it, pauses and resumes his delivery, removes the filter, and hits a PolicyException past
his messages.hour limit on InstantMessaging. Prints one JSON report as its last line.

Usage: /usr/bin/python3 policy_user.py BASE_URL BOB_PASSWORD
"""
import base64
import json
import sys

import zeep
import zeep.exceptions
from zeep.wsse.username import UsernameToken

base, bob_password = sys.argv[1:3]


def client(service):
    return zeep.Client("%s/wsi/%s?wsdl" % (base, service), wsse=UsernameToken("bob@example.com", bob_password, use_digest=True))


policy = client("Policy")
im = client("InstantMessaging")

status = policy.service.GetQuotaStatus()
quota = [{"name": q.name, "setAt": q.setAt, "limit": q.limit, "remaining": q.remaining} for q in status.quota]
added = policy.service.AddInboxFilter(criteria={"senderDomain": "spam.example"}, treatment="rejectSilent")
filters = [{"id": f.id, "senderDomain": f.criteria.senderDomain, "treatment": f.treatment} for f in policy.service.GetInboxFilters()]
paused = policy.service.PauseDelivery()
resumed = policy.service.ResumeDelivery()
policy.service.RemoveInboxFilter(id=added)

fault = None
for i in range(2):
    try:
        im.service.SendMessages(message=[{"recipient": ["bob@example.com"], "content": base64.b64encode(b"hi")}])
    except zeep.exceptions.Fault as error:
        detail = error.detail[0]
        fault = {
            "element": detail.tag.split("}")[-1],
            "messageId": [n.text for n in detail.iter() if n.tag.endswith("messageId")][0],
            "variables": [n.text for n in detail.iter() if n.tag.endswith("variables")],
        }

print(json.dumps({"quota": quota, "submissionAllowed": status.submissionAllowed, "delivery": [status.delivery, paused, resumed],
                  "filters": filters, "fault": fault}))
