#!/usr/bin/env bash
# Sends one of the raw envelopes in this folder with curl, with a fresh WS-Security UsernameToken
# (PasswordDigest) from `imwsi wsse` in its header.
#   examples/raw/call.sh <operation> <user> <password> [base-url] [NAME=value ...]
#   examples/raw/call.sh SendMessages      alice@example.com alice-password
#   examples/raw/call.sh GetMessages       bob@example.com   bob-password
#   examples/raw/call.sh AckMessages       bob@example.com   bob-password   ACK_TOKEN=<ackToken of GetMessages>
#   examples/raw/call.sh GetDeliveryStatus alice@example.com alice-password MESSAGE_ID=<messageId of SendMessages>
# NAME=value fills {{NAME}} in the envelope. SendMessages gets a fresh CLIENT_MESSAGE_ID each call unless one is
# given (the same clientMessageId again is the same message, sent once). After a response, the next command
# is printed on stderr with the ackToken or messageId filled in, so the four calls run again and again.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
usage='usage: call.sh <SendMessages|GetMessages|AckMessages|GetDeliveryStatus> <user> <password> [base-url] [NAME=value ...]'
operation="${1:?$usage}"
user="${2:?$usage}"
password="${3:?$usage}"
shift 3
if [ ! -f "$here/$operation.xml" ]; then
  echo "call.sh: no envelope $operation.xml in $here; $usage" >&2
  exit 2
fi
base="http://127.0.0.1:8080"
declare -A fill=([CLIENT_MESSAGE_ID]="curl-$(date +%s%N)-$RANDOM")
for argument in "$@"; do
  case "$argument" in
    [A-Z]*=*) fill["${argument%%=*}"]="${argument#*=}" ;;
    *) base="$argument" ;;
  esac
done
envelope="$(cat "$here/$operation.xml")"
for name in "${!fill[@]}"; do envelope="${envelope//\{\{$name\}\}/${fill[$name]}}"; done
if [[ "$envelope" =~ \{\{([A-Z_]+)\}\} ]]; then
  case "${BASH_REMATCH[1]}" in
    ACK_TOKEN) hint='the ackToken of a GetMessages response' ;;
    MESSAGE_ID) hint='the messageId of a SendMessages response' ;;
    *) hint='a value' ;;
  esac
  echo "call.sh: $operation needs ${BASH_REMATCH[1]}=<$hint>, e.g. call.sh $operation $user <password> ${BASH_REMATCH[1]}=..." >&2
  exit 2
fi
header="$(node "$here/../../bin/imwsi.js" wsse --user "$user" --password "$password")"
response="$(printf '%s' "${envelope/<!--WSSE-->/$header}" |
  curl -sS -X POST "$base/wsi/InstantMessaging" -H 'Content-Type: text/xml; charset=utf-8' --data-binary @-)"
printf '%s\n' "$response"
# The next step, with the value it needs taken from this response.
value() { grep -o "<\([a-zA-Z0-9]*:\)\{0,1\}$1>[^<]*" <<<"$response" | head -n 1 | sed 's/.*>//'; }
case "$operation" in
  SendMessages) id="$(value messageId)" && [ -n "$id" ] &&
    echo "# next: examples/raw/call.sh GetDeliveryStatus $user <password> $base MESSAGE_ID=$id" >&2 ;;
  GetMessages) token="$(value ackToken)" && [ -n "$token" ] &&
    echo "# next: examples/raw/call.sh AckMessages $user <password> $base ACK_TOKEN=$token" >&2 ;;
esac
exit 0
