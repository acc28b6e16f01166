#!/usr/bin/env bash
# Sends one of the raw envelopes in this folder with curl, with a fresh WS-Security UsernameToken
# (PasswordDigest) from `imwsi wsse` in its header.
#   examples/raw/call.sh SendMessages alice@example.com alice-password [http://127.0.0.1:8080]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
operation="${1:?usage: call.sh <SendMessages|GetMessages|AckMessages|GetDeliveryStatus> <user> <password> [base-url]}"
user="${2:?user@domain}"
password="${3:?password}"
base="${4:-http://127.0.0.1:8080}"
header="$(node "$here/../../bin/imwsi.js" wsse --user "$user" --password "$password")"
envelope="$(cat "$here/$operation.xml")"
printf '%s' "${envelope/<!--WSSE-->/$header}" |
  curl -sS -X POST "$base/wsi/InstantMessaging" -H 'Content-Type: text/xml; charset=utf-8' --data-binary @-
echo
