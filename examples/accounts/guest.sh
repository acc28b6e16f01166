#!/usr/bin/env bash
# An anonymous guest account (GS-3) with curl, against a gateway that allows guests:
#   imwsi serve --demo --guest-accounts        (or: npm start -- --guest-accounts)
#   examples/accounts/guest.sh [http://127.0.0.1:8080]
# It registers a new guest each run (so it can be run again): the address is generated and printed. The guest
# reads its inbox, is refused a search (POL6010: guests may not), and a message to alice, who has not put it in
# a contact list (POL6011 for that recipient); then it deletes itself. Each response is printed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
base="${1:-http://127.0.0.1:8080}"
password="guest-secret-$(date +%s)$RANDOM"
# shellcheck source=soap-call.sh
source "$here/soap-call.sh"

registered="$(call Register "<a:guest>true</a:guest><a:password>$password</a:password>")"
echo "$registered"
guest="$(sed -n 's/.*<[a-z0-9]*:*address>\([^<]*\)<.*/\1/p' <<<"$registered")"
echo "guest address: $guest"
service=InstantMessaging call GetMessages "" "$guest" "$password"
call SearchUsers "<a:city>Oslo</a:city>" "$guest" "$password"
service=InstantMessaging call SendMessages "<a:message><a:recipient>alice@example.com</a:recipient>
    <a:content>$(printf 'hello from a guest' | base64)</a:content></a:message>" "$guest" "$password"
call DeleteAccount "<a:password>$password</a:password>" "$guest" "$password"
