#!/usr/bin/env bash
# The operator's side (docs/operations.md): prepaid charging, the Administration service over SOAP,
# and usage records for billing, against a running demo gateway and its database file:
#   npm start                                     (the demo: imwsi serve --demo, database ./imwsi.sqlite)
#   examples/operations/operations.sh [http://127.0.0.1:8080] [./imwsi.sqlite]
# It can run again: the admin account is made once, the balance is topped up, Bob is suspended and resumed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
base="${1:-http://127.0.0.1:8080}"
db="${2:-./imwsi.sqlite}"
imwsi() { node "$here/../../bin/imwsi.js" "$@" --db "$db" --domain example.com; }

# An admin account for the Administration service (only admin accounts may call it).
if ! imwsi accounts search op@example.com | grep -q 'op@example.com'; then
  imwsi users add op@example.com --role admin --password 'op-password'
fi
# Prepaid (PP2-7): Alice pays 2 per message and 1 per recipient out of her balance.
imwsi usage set alice@example.com --payment prepaid --per-message 2 --per-recipient 1 --top-up 20

# call <service> <operation> <inner XML> <user> <password>
call() {
  local ns="http://imwsi.org/wsi/$1/v1"
  echo "== $2"
  curl -sS -X POST "$base/wsi/$1" -H 'Content-Type: text/xml; charset=utf-8' --data-binary @- <<XML
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:x="$ns">
  <soap:Header>$(node "$here/../../bin/imwsi.js" wsse --user "$4" --password "$5")</soap:Header>
  <soap:Body><x:$2>$3</x:$2></soap:Body>
</soap:Envelope>
XML
  echo
}
op() { call Administration "$1" "$2" op@example.com op-password; }

# Alice sends (3 off her balance); the operator sees the charge, suspends Bob, whose send is then refused.
call InstantMessaging SendMessages '<x:message><x:recipient>bob@example.com</x:recipient><x:content>SGkgQm9i</x:content></x:message>' alice@example.com alice-password
op GetAccount '<x:address>alice@example.com</x:address>'
op SuspendAccount '<x:address>bob@example.com</x:address>'
call InstantMessaging SendMessages '<x:message><x:recipient>alice@example.com</x:recipient><x:content>SGk=</x:content></x:message>' bob@example.com bob-password
op ResumeAccount '<x:address>bob@example.com</x:address>'
op GetStatistics ''
op ExportUsage '<x:pageSize>1</x:pageSize>'
op GetAuditLog '<x:actor>op@example.com</x:actor><x:maxResults>5</x:maxResults>'

# The billing feed: today's records as CSV (a progress bar on stderr), and the audit log.
imwsi usage export --since "$(date -u +%F)" --format csv | tail -n 3
imwsi audit list --max 5
