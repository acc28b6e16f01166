#!/usr/bin/env bash
# Every operation of /wsi/Accounts with curl, against a gateway that allows self-registration:
#   imwsi serve --demo --registration open        (or: npm start -- --registration open)
#   examples/accounts/accounts.sh [http://127.0.0.1:8080]
# It registers a new user with a fresh name each run (so it can be run again), then changes the password,
# sets the profile, adds and retires aliases, sends as an alias, is added by alice by its alias, searches, and
# deletes the account. Each response is printed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
base="${1:-http://127.0.0.1:8080}"
suffix="$(date +%s)$RANDOM"
user="walker$suffix@example.com"
password="walker-secret-$suffix"

# shellcheck source=soap-call.sh
source "$here/soap-call.sh"

call Register "<a:address>$user</a:address><a:password>$password</a:password>"
call ChangePassword "<a:oldPassword>$password</a:oldPassword><a:newPassword>$password-2</a:newPassword>" "$user" "$password"
password="$password-2"
call SetProfile "<a:profile>
    <a:displayName><a:value>Walker</a:value><a:visibility>public</a:visibility></a:displayName>
    <a:birthYear><a:value>1990</a:value><a:visibility>public</a:visibility></a:birthYear>
    <a:city><a:value>Oslo</a:value><a:visibility>public</a:visibility></a:city>
    <a:about><a:value>hiking and chess</a:value></a:about>
    <a:searchable>true</a:searchable>
  </a:profile>" "$user" "$password"
call GetProfile "" "$user" "$password"
call AddAlias "<a:alias>trail$suffix@example.com</a:alias>" "$user" "$password"
call ListAliases "" "$user" "$password"
# Send as the alias: alice sees trail...@example.com as the sender, never the real address.
service=InstantMessaging call SendMessages "<a:message><a:recipient>alice@example.com</a:recipient>
    <a:content>$(printf 'hello from my alias' | base64)</a:content><a:sendAs>trail$suffix@example.com</a:sendAs></a:message>" "$user" "$password"
call GetProfile "<a:user>trail$suffix@example.com</a:user>" alice@example.com alice-password
# Alice adds the user by the alias: her list shows the alias (and nickname trail...), not the real address.
service=ContactLists call CreateContactList "<a:name>Trail $suffix</a:name>" alice@example.com alice-password
service=ContactLists call AddContact "<a:listName>Trail $suffix</a:listName><a:contact>trail$suffix@example.com</a:contact>" alice@example.com alice-password
service=ContactLists call DeleteContactList "<a:name>Trail $suffix</a:name>" alice@example.com alice-password
call SearchUsers "<a:city>Oslo</a:city><a:text>chess</a:text><a:minAge>18</a:minAge><a:maxResults>10</a:maxResults>" alice@example.com alice-password
call RetireAlias "<a:alias>trail$suffix@example.com</a:alias>" "$user" "$password"
call DeleteAccount "<a:password>$password</a:password>" "$user" "$password"
