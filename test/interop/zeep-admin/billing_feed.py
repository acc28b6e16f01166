#!/usr/bin/python3
"""The Administration service through Python zeep, from the WSDL alone, as a billing system would use it:
read the usage feed a page at a time with ExportUsage (afterId = the last nextAfterId), set a prepaid tariff
with SetCharging, suspend and resume an account, read the statistics and the audit log.
Prints one JSON report as its last line.

Usage: /usr/bin/python3 billing_feed.py BASE_URL ADMIN_PASSWORD
"""
import json
import sys

import zeep
from zeep.wsse.username import UsernameToken

base, admin_password = sys.argv[1:3]
admin = zeep.Client("%s/wsi/Administration?wsdl" % base, wsse=UsernameToken("op@example.com", admin_password, use_digest=True))

records = []
after = None
pages = 0
while True:
    page = admin.service.ExportUsage(afterId=after, pageSize=2)
    pages += 1
    records += [(r.recordId, r.event, r.serviceType, r.chargedParty, list(r.otherParty)) for r in page.record]
    if page.nextAfterId is None:
        break
    after = page.nextAfterId

charging = admin.service.SetCharging(address="alice@example.com", payment="prepaid", perMessage=2, balance=10, subscriberId="CUST-9")
suspended = admin.service.SuspendAccount(address="bob@example.com")
resumed = admin.service.ResumeAccount(address="bob@example.com")
stats = admin.service.GetStatistics()
log = admin.service.GetAuditLog(actor="op@example.com")

print(json.dumps({
    "pages": pages,
    "records": records,
    "charging": {"payment": charging.payment, "balance": charging.balance, "subscriberId": charging.subscriberId},
    "states": [suspended.state, resumed.state],
    "accounts": stats.accounts,
    "domainTraffic": [(r.name, r.messages) for r in stats.domainTraffic],
    "audit": [(e.action, e.target, e.outcome) for e in log.entry],
}))
